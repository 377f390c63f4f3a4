/* placeholder replaced below */
#include "check.h"
void test_model(void) {}
