/*
 * cs_params_community.h — parameters of community assets and connectors, in the
 * row format of cs_params.h (included there into CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_COMMUNITY_H
#define CS_PARAMS_COMMUNITY_H

#define CS_PARAMS_COMMUNITY(P)

#endif
