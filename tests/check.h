/*
 * check.h — the minimal assertion kit used by tests/unit.c and its test files.
 *
 * CHECK(cond, fmt, ...) records one pass or one failure (printing file:line and
 * the message on failure). Each test file exposes  void test_<module>(void);
 * tests/unit.c calls them in turn and prints "N passed, N failed".
 */
#ifndef CS_CHECK_H
#define CS_CHECK_H

#include <stdio.h>

extern int cs_check_passed, cs_check_failed;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (cond) {                                                             \
            cs_check_passed++;                                                  \
        } else {                                                                \
            cs_check_failed++;                                                  \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
        }                                                                       \
    } while (0)

#endif
