/*
 * cs_svg.h — a small SVG writer for the charts of `caresim report`: nice tick
 * values, a plot frame that maps data to pixels, axes, polylines, shaded
 * bands, bars and error bars. It draws only; reading results and deciding what
 * to draw is report.c's job. Everything goes to a FILE *, and every piece of
 * text passes through cs_svg_escape(), so the output is safe to inline in HTML.
 */
#ifndef CS_SVG_H
#define CS_SVG_H

#include <stdio.h>

/* Write s with & < > " ' replaced by entities (for HTML/SVG text and
 * attribute values). NULL writes nothing. */
void cs_svg_escape(FILE *f, const char *s);

/* A "nice" tick step (1, 2 or 5 times a power of ten) giving about `target`
 * intervals over a range of this width; 1 for a range <= 0 or not finite. */
double cs_svg_nice_step(double range, int target);

/* Ticks covering [lo, hi]: multiples of a nice step from the largest one <= lo
 * to the smallest one >= hi, at most cap of them. Returns the count (>= 2) and
 * the step in *step; a range of zero width is widened first. */
int cs_svg_ticks(double lo, double hi, int target, double *ticks, int cap, double *step);

/* A tick label: v with as many decimals as the step needs, "0" rather than
 * "-0", and thousands separated by commas (e.g. 12,500). */
void cs_svg_fmt(double v, double step, char *buf, size_t n);

/* The plot area: pixels [px, px + pw] x [py, py + ph] show data
 * [x0, x1] x [y0, y1] (y grows upwards on screen). */
struct cs_svg_frame {
    double px, py, pw, ph;
    double x0, x1, y0, y1;
};
double cs_svg_x(const struct cs_svg_frame *fr, double x);
double cs_svg_y(const struct cs_svg_frame *fr, double y);

/* <svg> opening with a viewBox of w x h, a class and an accessible <title>. */
void cs_svg_begin(FILE *f, int w, int h, const char *cls, const char *title);
void cs_svg_end(FILE *f);

/* Text at (x, y) in pixels; anchor "start", "middle" or "end"; rotate in
 * degrees (0 for none); cls may be NULL. */
void cs_svg_text(FILE *f, double x, double y, const char *anchor, double rotate, const char *cls,
                 const char *text);

/* Grid lines, tick marks and tick labels (cs_svg_fmt with the step) at
 * xt[] and yt[], and the axis titles (either may be NULL). */
void cs_svg_axes(FILE *f, const struct cs_svg_frame *fr, const double *xt, int nx, double xstep,
                 const double *yt, int ny, double ystep, const char *xtitle, const char *ytitle);

/* A line through the points (x[i], y[i]); non-finite points break it into
 * separate <polyline>s. */
void cs_svg_polyline(FILE *f, const struct cs_svg_frame *fr, const double *x, const double *y,
                     int n, const char *colour, double width);

/* The shaded area between lo[] and hi[] as one <polygon> (class "band");
 * drawn over the longest run of finite points. */
void cs_svg_band(FILE *f, const struct cs_svg_frame *fr, const double *x, const double *lo,
                 const double *hi, int n, const char *colour, double opacity);

/* A horizontal bar from data x = a to x = b, centred on pixel row yc. */
void cs_svg_hbar(FILE *f, const struct cs_svg_frame *fr, double yc, double thick, double a,
                 double b, const char *colour, double opacity);

/* A horizontal error bar from lo to hi with end caps and a dot at mid,
 * centred on pixel row yc (class "ci"). */
void cs_svg_errorbar(FILE *f, const struct cs_svg_frame *fr, double yc, double lo, double mid,
                     double hi, const char *colour);

/* A filled square of the given size at (x, y) (legend swatches). */
void cs_svg_swatch(FILE *f, double x, double y, double size, const char *colour);

#endif
