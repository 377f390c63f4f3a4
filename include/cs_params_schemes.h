/*
 * cs_params_schemes.h — parameters of Shared Lives and Homeshare (sim/sharedlives.c, sim/homeshare.c), in the row format of cs_params.h
 * (included there into CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_SCHEMES_H
#define CS_PARAMS_SCHEMES_H

#define CS_PARAMS_SCHEMES(P)

#endif
