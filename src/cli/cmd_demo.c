#include "cli/cli.h"
int cmd_demo(int argc, char **argv, config_t *cfg)
{
	(void)argc; (void)argv; (void)cfg;
	return 1;
}
