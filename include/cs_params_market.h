/*
 * cs_params_market.h — parameters of the paid workforce and the home-care
 * provider market, in the row format of cs_params.h (included there into
 * CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_MARKET_H
#define CS_PARAMS_MARKET_H

#define CS_PARAMS_MARKET(P)

#endif
