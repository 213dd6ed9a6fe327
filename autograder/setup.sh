#!/bin/sh
# Gradescope runs this once, when it builds the autograder's image: the racecheck checkout
# the autograder zip holds is /autograder/source. It installs what racecheck needs and
# builds it, so that each submission's container starts ready.
set -eu
cd /autograder/source
./bootstrap
ninja build/racecheck
