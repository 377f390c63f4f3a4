/*
 * cs_cli.h — entry points of caresim's subcommands other than run. Each takes
 * the arguments after "caresim" (argv[0] is the subcommand's name) and returns
 * the exit status: 0 success, 1 an I/O error, 2 a bad command line.
 */
#ifndef CS_CLI_H
#define CS_CLI_H

/* caresim report FILE [-o report.html] [--baseline NAME] [--title T] */
int cs_cmd_report(int argc, char **argv);

#endif
