/* racecheck matrix: the kept cells of every case under every detector as a table (for a
 * terminal, in Markdown or as JSON), with --words each cell's findings; --check compares
 * them with expected/matrix.txt and shows a diff when a detector changed its mind; --bless
 * writes that file from them; --readme FILE rewrites FILE's matrix section from it (with
 * --check, fails when the section is not what it would write). */
#ifndef RACECHECK_MATRIX_CMD_H
#define RACECHECK_MATRIX_CMD_H

#include "options.h"

int cmd_matrix(const struct options *o, int argc, char **argv);

#endif
