/* amrc.h: every header of src/ at once, for the unit tests and the fuzz
 * harness, which drive every stage. A file in src/ includes only the
 * headers it uses (docs/architecture.md, "Headers"), so that a change to
 * one layer's header rebuilds only the objects that read it; tests/headers.sh
 * fails when one includes this. */
#ifndef AMRC_H
#define AMRC_H

#include "support.h"
#include "core.h"
#include "parse.h"
#include "plan.h"
#include "actuals.h"
#include "alloc.h"
#include "grid.h"
#include "emit.h"
#include "cli.h"

#endif
