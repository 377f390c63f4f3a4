/*
 * svg.c — the SVG primitives of cs_svg.h. Coordinates are written with one
 * decimal, which is far below a pixel at any size the report is viewed at and
 * keeps the HTML small.
 */
#include "cs_svg.h"

#include <math.h>
#include <string.h>

void cs_svg_escape(FILE *f, const char *s)
{
    if (!s) return;
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

double cs_svg_nice_step(double range, int target)
{
    if (!(range > 0) || !isfinite(range) || target < 1) return 1;
    double raw = range / target;
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    double nice = m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10;
    return nice * p;
}

int cs_svg_ticks(double lo, double hi, int target, double *ticks, int cap, double *step)
{
    if (!isfinite(lo) || !isfinite(hi)) lo = 0, hi = 1;
    if (lo > hi) { double t = lo; lo = hi; hi = t; }
    if (hi - lo <= 1e-12 * fmax(fabs(lo), fabs(hi))) {
        double d = lo == 0 ? 1 : 0.1 * fabs(lo);
        lo -= d;
        hi += d;
        if (lo < 0 && hi > 0 && fabs(lo) < d) lo = 0;
    }
    double s = cs_svg_nice_step(hi - lo, target);
    long k0, k1;
    for (;;) {
        k0 = (long)floor(lo / s + 1e-9);
        k1 = (long)ceil(hi / s - 1e-9);
        if (k1 <= k0) k1 = k0 + 1;
        if (k1 - k0 + 1 <= cap || cap < 2) break;
        s *= 2;
    }
    int n = (int)(k1 - k0 + 1);
    if (n > cap) n = cap;
    for (int i = 0; i < n; i++) ticks[i] = (double)(k0 + i) * s;
    if (step) *step = s;
    return n;
}

void cs_svg_fmt(double v, double step, char *buf, size_t n)
{
    int dec = 0;
    if (step > 0 && step < 1) dec = (int)ceil(-log10(step) - 1e-9);
    if (dec > 12) dec = 12;
    if (fabs(v) < 0.5 * pow(10, -dec)) v = 0;
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", dec, v);
    /* commas between thousands of the integer part */
    const char *digits = raw[0] == '-' ? raw + 1 : raw;
    size_t int_len = strcspn(digits, ".");
    char out[96];
    size_t o = 0;
    if (raw[0] == '-') out[o++] = '-';
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "%s", digits + int_len);
    snprintf(buf, n, "%s", out);
}

double cs_svg_x(const struct cs_svg_frame *fr, double x)
{
    double d = fr->x1 - fr->x0;
    return fr->px + (d != 0 ? (x - fr->x0) / d : 0.5) * fr->pw;
}

double cs_svg_y(const struct cs_svg_frame *fr, double y)
{
    double d = fr->y1 - fr->y0;
    return fr->py + fr->ph - (d != 0 ? (y - fr->y0) / d : 0.5) * fr->ph;
}

void cs_svg_begin(FILE *f, int w, int h, const char *cls, const char *title)
{
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" class=\"", w, h);
    cs_svg_escape(f, cls);
    fputs("\" role=\"img\" aria-label=\"", f);
    cs_svg_escape(f, title);
    fputs("\"><title>", f);
    cs_svg_escape(f, title);
    fputs("</title>\n", f);
}

void cs_svg_end(FILE *f) { fputs("</svg>\n", f); }

void cs_svg_text(FILE *f, double x, double y, const char *anchor, double rotate, const char *cls,
                 const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchor);
    if (rotate != 0) fprintf(f, " transform=\"rotate(%g %.1f %.1f)\"", rotate, x, y);
    if (cls) {
        fputs(" class=\"", f);
        cs_svg_escape(f, cls);
        fputc('"', f);
    }
    fputc('>', f);
    cs_svg_escape(f, text);
    fputs("</text>\n", f);
}

void cs_svg_axes(FILE *f, const struct cs_svg_frame *fr, const double *xt, int nx, double xstep,
                 const double *yt, int ny, double ystep, const char *xtitle, const char *ytitle)
{
    char lab[96];
    double bottom = fr->py + fr->ph, left = fr->px;
    fputs("<g class=\"axes\">\n", f);
    for (int i = 0; i < ny; i++) {
        double y = cs_svg_y(fr, yt[i]);
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left, y,
                left + fr->pw, y);
        cs_svg_fmt(yt[i], ystep, lab, sizeof lab);
        cs_svg_text(f, left - 6, y + 4, "end", 0, "tick", lab);
    }
    for (int i = 0; i < nx; i++) {
        double x = cs_svg_x(fr, xt[i]);
        fprintf(f, "<line class=\"tickmark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x,
                bottom, x, bottom + 5);
        cs_svg_fmt(xt[i], xstep, lab, sizeof lab);
        cs_svg_text(f, x, bottom + 18, "middle", 0, "tick", lab);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left,
            bottom, left + fr->pw, bottom);
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left,
            fr->py, left, bottom);
    if (xtitle) cs_svg_text(f, left + fr->pw / 2, bottom + 36, "middle", 0, "axtitle", xtitle);
    if (ytitle) cs_svg_text(f, 14, fr->py + fr->ph / 2, "middle", -90, "axtitle", ytitle);
    fputs("</g>\n", f);
}

void cs_svg_polyline(FILE *f, const struct cs_svg_frame *fr, const double *x, const double *y,
                     int n, const char *colour, double width)
{
    int open = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            if (open) fputs("\"/>\n", f);
            open = 0;
            continue;
        }
        if (!open)
            fprintf(f, "<polyline class=\"line\" fill=\"none\" stroke=\"%s\" stroke-width=\"%g\" "
                       "stroke-linejoin=\"round\" points=\"", colour, width);
        fprintf(f, "%s%.1f,%.1f", open ? " " : "", cs_svg_x(fr, x[i]), cs_svg_y(fr, y[i]));
        open = 1;
    }
    if (open) fputs("\"/>\n", f);
}

void cs_svg_band(FILE *f, const struct cs_svg_frame *fr, const double *x, const double *lo,
                 const double *hi, int n, const char *colour, double opacity)
{
    int best = 0, best_len = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && isfinite(x[j]) && isfinite(lo[j]) && isfinite(hi[j])) j++;
        if (j - i > best_len) { best = i; best_len = j - i; }
        i = j > i ? j : i + 1;
    }
    if (best_len < 2) return;
    fprintf(f, "<polygon class=\"band\" fill=\"%s\" fill-opacity=\"%g\" stroke=\"none\" points=\"",
            colour, opacity);
    for (int i = best; i < best + best_len; i++)
        fprintf(f, "%s%.1f,%.1f", i > best ? " " : "", cs_svg_x(fr, x[i]), cs_svg_y(fr, hi[i]));
    for (int i = best + best_len - 1; i >= best; i--)
        fprintf(f, " %.1f,%.1f", cs_svg_x(fr, x[i]), cs_svg_y(fr, lo[i]));
    fputs("\"/>\n", f);
}

void cs_svg_hbar(FILE *f, const struct cs_svg_frame *fr, double yc, double thick, double a,
                 double b, const char *colour, double opacity)
{
    if (!isfinite(a) || !isfinite(b)) return;
    double xa = cs_svg_x(fr, a), xb = cs_svg_x(fr, b);
    fprintf(f, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
               "fill-opacity=\"%g\"/>\n",
            fmin(xa, xb), yc - thick / 2, fabs(xb - xa), thick, colour, opacity);
}

void cs_svg_errorbar(FILE *f, const struct cs_svg_frame *fr, double yc, double lo, double mid,
                     double hi, const char *colour)
{
    if (!isfinite(lo) || !isfinite(mid) || !isfinite(hi)) return;
    double xl = cs_svg_x(fr, lo), xm = cs_svg_x(fr, mid), xh = cs_svg_x(fr, hi);
    fprintf(f, "<g class=\"ci\" stroke=\"%s\" stroke-width=\"2\">"
               "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/></g>\n",
            colour, xl, yc, xh, yc, xl, yc - 5, xl, yc + 5, xh, yc - 5, xh, yc + 5, xm, yc, colour);
}

void cs_svg_swatch(FILE *f, double x, double y, double size, const char *colour)
{
    fprintf(f, "<rect class=\"swatch\" x=\"%.1f\" y=\"%.1f\" width=\"%g\" height=\"%g\" fill=\"%s\"/>\n",
            x, y, size, size, colour);
}
