/*
 * cs_params_homes.h — parameters of care homes (residential and nursing, small and large; sim/homes.c), in the row format of cs_params.h
 * (included there into CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_HOMES_H
#define CS_PARAMS_HOMES_H

#define CS_PARAMS_HOMES(P)

#endif
