/* main.c: the program is its command line (cli.c), so tests can run it. */
#include "amrc.h"

int main(int argc, char **argv) { return amrc_main(argc, argv); }
