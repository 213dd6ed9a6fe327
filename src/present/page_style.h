/* The stylesheet every page of the HTML report carries inline. */
#ifndef RACECHECK_PAGE_STYLE_H
#define RACECHECK_PAGE_STYLE_H

extern const char PAGE_STYLE[];

#endif
