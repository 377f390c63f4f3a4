/*
 * cs_params_nhs.h — parameters of the NHS interface: hospital admission, discharge, delayed discharge and reablement, in the row format of cs_params.h
 * (included there into CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_NHS_H
#define CS_PARAMS_NHS_H

#define CS_PARAMS_NHS(P)

#endif
