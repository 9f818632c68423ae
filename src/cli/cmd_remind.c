/* lend remind: placeholder */
#include "cli.h"
int cmd_remind(struct cli *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; return 0; }
