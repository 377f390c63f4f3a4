/*
 * sweep_report.c — the sections `caresim report` writes for a sensitivity
 * analysis (a file of caresim sweep): how to read it, the settings, and for
 * each key outcome a horizontal bar chart of the ten parameters that move it
 * most, for the baseline and for the reform's effect; then every parameter's
 * range. report.c writes the page around it; svg.c draws.
 */
#include "cs_sweep_file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_svg.h"

#define TOP 10

static void esc(FILE *f, const char *s) { cs_svg_escape(f, s); }

/* A divisor and its word for numbers up to maxabs: 1e9 "bn", 1e6 "m", 1e3
 * "thousand", else 1 "". */
static double magnitude(double maxabs, const char **word)
{
    static const struct { double d; const char *w; } m[] = {{1e9, "bn"}, {1e6, "m"}, {1e3, "thousand"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (maxabs >= m[i].d) { *word = m[i].w; return m[i].d; }
    *word = "";
    return 1;
}

/* One chart: the top ten of outcome j in comparison c. */
static void chart(FILE *o, const struct cs_sweep_data *d, int c, int j, const int *idx)
{
    int morris = d->method == CS_SENS_MORRIS, K = d->k + d->noise, rows = d->k < TOP ? d->k : TOP;
    const struct cs_sens_ee *noise = morris && d->noise ? &d->ee[c][j * K + d->k] : NULL;
    double hi = 0;
    for (int t = 0; t < rows; t++) {
        int i = idx[t];
        if (morris) {
            const struct cs_sens_ee *e = &d->ee[c][j * K + i];
            hi = fmax(hi, fmax(e->hi, e->sigma));
        } else hi = fmax(hi, d->si[c][j * d->k + i].st_hi);
    }
    if (noise) hi = fmax(hi, noise->mu_star);
    const char *word = "";
    double div = morris ? magnitude(hi, &word) : 1;
    double xt[16], xs;
    int nx = cs_svg_ticks(0, hi > 0 ? hi / div : 1, 5, xt, 16, &xs);
    int W = 640, left = 250, row_h = 28, top = 12, H = top + rows * row_h + (noise ? 74 : 56);
    struct cs_svg_frame fr = {left, top, W - left - 24, rows * row_h, xt[0], xt[nx - 1], 0, 1};
    char title[256], axis[256];
    if (c == CS_SWEEP_BASELINE) snprintf(title, sizeof title, "%s: the ten parameters that move it most", d->outcome[j]);
    else snprintf(title, sizeof title, "Effect of %s on %s: the ten parameters that move it most", d->reform, d->outcome[j]);
    if (morris)
        snprintf(axis, sizeof axis, "mu*: change over the whole range, %s%s%s%s", word, *word ? " " : "", d->outcome_units[j],
                 c ? " (effect)" : "");
    else snprintf(axis, sizeof axis, "share of the variance of %s%s", d->outcome[j], c ? "'s effect" : "");

    fprintf(o, "<figure class=\"sens\" id=\"sens-%s-%s\">\n<h3>", c ? "effect" : "baseline", d->outcome[j]);
    if (c) { fputs("Effect of ", o); esc(o, d->reform); fputs(" on ", o); }
    esc(o, d->outcome[j]);
    fputs(" <small>(", o);
    esc(o, d->outcome_units[j]);
    fputs(")</small></h3>\n", o);
    cs_svg_begin(o, W, H, "sens", title);
    cs_svg_axes(o, &fr, xt, nx, xs, NULL, 0, 1, axis, NULL);
    for (int t = 0; t < rows; t++) {
        int i = idx[t];
        double yc = top + row_h * (t + 0.5);
        char name[64];
        const char *nm = d->factor[i];
        if (strlen(nm) > 38) snprintf(name, sizeof name, "%.35s…", nm);
        else snprintf(name, sizeof name, "%s", nm);
        cs_svg_text(o, fr.px - 8, yc + 4, "end", 0, "legend", name);
        if (morris) {
            const struct cs_sens_ee *e = &d->ee[c][j * K + i];
            cs_svg_hbar(o, &fr, yc - 3, 12, 0, e->mu_star / div, "#0072B2", 0.45);
            cs_svg_errorbar(o, &fr, yc - 3, e->lo / div, e->mu_star / div, e->hi / div, "#0072B2");
            cs_svg_hbar(o, &fr, yc + 8, 4, 0, e->sigma / div, "#E69F00", 1);
        } else {
            const struct cs_sens_si *s = &d->si[c][j * d->k + i];
            cs_svg_hbar(o, &fr, yc - 3, 12, 0, fmax(s->st, 0), "#0072B2", 0.45);
            cs_svg_errorbar(o, &fr, yc - 3, s->st_lo, s->st, s->st_hi, "#0072B2");
            cs_svg_hbar(o, &fr, yc + 8, 4, 0, fmax(s->s1, 0), "#E69F00", 1);
        }
    }
    if (noise) {
        double x = cs_svg_x(&fr, noise->mu_star / div);
        fprintf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#D55E00\" stroke-width=\"1.5\" "
                   "stroke-dasharray=\"5,4\"/>\n", x, fr.py, x, fr.py + fr.ph);
    }
    /* legend under the axis title */
    double ly = H - 14;
    cs_svg_swatch(o, 20, ly - 9, 10, "#0072B2");
    cs_svg_text(o, 34, ly, "start", 0, "legend", morris ? "mu* (95% bootstrap)" : "ST, total (95% bootstrap)");
    cs_svg_swatch(o, 210, ly - 9, 10, "#E69F00");
    cs_svg_text(o, 224, ly, "start", 0, "legend", morris ? "sigma" : "S1, alone");
    if (noise) {
        fprintf(o, "<line x1=\"320\" y1=\"%.1f\" x2=\"342\" y2=\"%.1f\" stroke=\"#D55E00\" stroke-width=\"1.5\" "
                   "stroke-dasharray=\"5,4\"/>\n", ly - 4, ly - 4);
        cs_svg_text(o, 348, ly, "start", 0, "legend", "noise: only the seed changed");
    }
    cs_svg_end(o);
    fprintf(o, "<figcaption>The top %d of %d parameters by %s", rows, d->k, morris ? "mu*" : "ST");
    if (noise) {
        char v[64];
        cs_svg_fmt(noise->mu_star / div, xs / 10, v, sizeof v);
        fprintf(o, "; noise %s%s%s", v, *word ? " " : "", word);
    }
    fputs(".", o);
    fputs("</figcaption>\n</figure>\n", o);
}

static void settings(FILE *o, const struct cs_sweep_data *d)
{
    fputs("<table class=\"prov\">\n", o);
    fprintf(o, "<tr><td>method</td><td>%s</td></tr>\n",
            d->method == CS_SENS_MORRIS ? "Morris elementary effects, radial one-at-a-time design, each step half "
                                          "the parameter's range, base points from a shifted Sobol sequence"
                                        : "Sobol indices (Saltelli 2010 first order, Jansen total), Sobol sequence");
    fprintf(o, "<tr><td>%s</td><td>%d</td></tr>\n", d->method == CS_SENS_MORRIS ? "trajectories" : "samples", d->n);
    fprintf(o, "<tr><td>parameters varied</td><td>%d</td></tr>\n<tr><td>runs per scenario</td><td>%d</td></tr>\n", d->k,
            d->runs);
    fputs("<tr><td>baseline</td><td>", o);
    esc(o, d->baseline);
    fputs("</td></tr>\n<tr><td>reform</td><td>", o);
    esc(o, d->has_reform ? d->reform : "(none)");
    fputs("</td></tr>\n<tr><td>council</td><td>", o);
    esc(o, d->place);
    fprintf(o, "</td></tr>\n<tr><td>scale</td><td>%g</td></tr>\n<tr><td>years</td><td>%d (after %d weeks of warm-up)"
               "</td></tr>\n<tr><td>replicates per run</td><td>%d</td></tr>\n<tr><td>design seed</td><td>%lu</td></tr>\n"
               "</table>\n", d->scale, d->years, d->warmup, d->reps, d->design_seed);
}

static void ranges(FILE *o, const struct cs_sweep_data *d)
{
    fputs("<details><summary>Every parameter varied and its range</summary>\n<table>\n<tr><th>parameter</th><th>kind</th>"
          "<th>nominal</th><th>range sampled</th><th>table's range</th><th>note</th></tr>\n", o);
    for (int i = 0; i < d->k; i++) {
        fputs("<tr><td><code>", o);
        esc(o, d->factor[i]);
        fputs("</code></td><td>", o);
        esc(o, d->kind[i]);
        fprintf(o, "</td><td class=\"num\">%g</td><td class=\"num\">%g – %g</td><td class=\"num\">%g – %g</td><td>%s%s</td></tr>\n",
                d->nominal[i], d->lo[i], d->hi[i], d->table_lo[i], d->table_hi[i],
                d->rescaled[i] ? "moved to the scenario's own value " : "", d->clipped[i] ? "cut to the valid range" : "");
    }
    fputs("</table>\n</details>\n", o);
}

int cs_sweep_report(FILE *o, const cs_rfile *f)
{
    struct cs_sweep_data d;
    char err[512];
    if (cs_sweep_read(f, &d, err, sizeof err)) {
        fprintf(stderr, "caresim report: %s\n", err);
        return -1;
    }
    fputs("<section id=\"sensitivity\">\n<h2>Sensitivity analysis</h2>\n", o);
    fputs("<p>Many of the model's numbers are uncertain; the parameter table gives each a plausible range. This "
          "analysis ran the model at many combinations of those values to find which ones move the key outcomes "
          "most, and so which are worth pinning down first.", o);
    if (d.has_reform)
        fputs(" At every combination the reform was run too, with the same chance events, and its <em>effect</em> "
              "(reform minus baseline) was measured: the second set of charts shows which uncertain values the "
              "reform's benefit depends on. The reform's own choices are held at every point.", o);
    fputs(" Each outcome is the mean over the reported weeks (weekly flows and money per year). "
          "How it was done and how to read it: <code>docs/sensitivity.md</code>.</p>\n", o);
    settings(o, &d);
    int *idx = malloc((size_t)d.k * sizeof *idx);
    for (int c = 0; idx && c < (d.has_reform ? 2 : 1); c++) {
        fputs(c ? "<h3>What the reform's effect depends on: " : "<h3>What moves the baseline: ", o);
        esc(o, c ? d.reform : d.baseline);
        fputs("</h3>\n", o);
        if (d.method == CS_SENS_MORRIS)
            fprintf(o, "<p>Bars: <strong>mu*</strong>, the mean absolute change in the outcome%s when the parameter moves "
                       "across its whole plausible range (measured over steps of half the range from %d starting points), "
                       "with a 95%% bootstrap interval; orange: <strong>sigma</strong>, how much that change differs from "
                       "one starting point to another (interactions with other parameters, or a non-linear response).%s</p>\n",
                    c ? "'s effect" : "", d.n,
                    d.noise ? " Dashed line: the same measure when only the random numbers change; a parameter whose "
                              "bar does not reach it is not told apart from chance at this scale." : "");
        else
            fprintf(o, "<p>Bars: <strong>ST</strong>, the share of the variance of the outcome%s due to the parameter, "
                       "interactions included (Jansen), over %d samples, with a 95%% bootstrap interval; orange: "
                       "<strong>S1</strong>, its share alone (Saltelli 2010).</p>\n", c ? "'s effect" : "", d.n);
        fputs("<div class=\"grid\">\n", o);
        for (int j = 0; j < d.m; j++) {
            cs_sweep_ranked(&d, c, j, idx);
            chart(o, &d, c, j, idx);
        }
        fputs("</div>\n", o);
    }
    ranges(o, &d);
    fputs("</section>\n", o);
    free(idx);
    cs_sweep_data_free(&d);
    return 0;
}
