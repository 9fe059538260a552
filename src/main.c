/* main.c: the program is its command line (cli.c), so tests can run it. */
#include "cli.h"

int main(int argc, char **argv) {
  /* The C library leaves stderr unbuffered: a write for every piece of
   * every diagnostic, which was most of the time of a check of the
   * example. cli.c flushes where the order with stdout matters. */
  setvbuf(stderr, NULL, _IOFBF, 1 << 16);
  return amrc_main(argc, argv);
}
