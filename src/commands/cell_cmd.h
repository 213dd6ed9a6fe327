/* racecheck cell: runs one detector of the matrix on one case (src/model/detectors.h), decides
 * the cell (src/judge/cell.h) and keeps it in build/matrix/cells/DETECTOR/CASE, with a depfile,
 * as `racecheck verdict` keeps a verdict for `ninja check`: ninja makes the cell again only
 * when the binary or source it read, the case's lesson, or racecheck changes. */
#ifndef RACECHECK_CELL_CMD_H
#define RACECHECK_CELL_CMD_H

#include "case_options.h"

/* Where the kept cells are: --cells DIR, or build/matrix/cells. */
char *cells_dir_of(const struct options *o);

int cmd_cell(const struct options *o, int argc, char **argv);

#endif
