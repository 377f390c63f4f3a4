/*
 * test_report.c — the drawing helpers of `caresim report` (cs_svg.h): nice tick
 * steps and ticks, tick labels, the data-to-pixel mapping, HTML escaping, and
 * the SVG elements for lines (broken at missing values), bands and error bars.
 * The report as a whole is tested in tests/report.sh (rendered in Chromium).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cs_svg.h"

static int NEAR(double a, double b) { return fabs(a - b) <= 1e-9 * (1 + fabs(b)); }

/* what cs_svg_escape writes for s (caller frees) */
static char *capture_escape(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cs_svg_escape(f, s);
    fclose(f);
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void test_nice_step(void)
{
    static const struct { double range; int target; double step; } cases[] = {
        {10, 5, 2},   {100, 5, 20},   {1, 5, 0.2},   {7, 5, 2},    {3, 5, 1},
        {0.07, 5, 0.02}, {2.0, 6, 0.5}, {10.0, 6, 2}, {1e6, 4, 5e5}, {45, 5, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double s = cs_svg_nice_step(cases[i].range, cases[i].target);
        CHECK(NEAR(s, cases[i].step), "nice step of %g over %d: %g, expected %g", cases[i].range,
              cases[i].target, s, cases[i].step);
    }
    CHECK(cs_svg_nice_step(0, 5) == 1, "a zero range gives step 1");
    CHECK(cs_svg_nice_step(NAN, 5) == 1, "a NaN range gives step 1");
    CHECK(cs_svg_nice_step(-3, 5) == 1, "a negative range gives step 1");
}

static void test_ticks(void)
{
    double t[16], step;
    int n = cs_svg_ticks(0.3, 9.6, 5, t, 16, &step);
    CHECK(n == 6 && NEAR(step, 2) && NEAR(t[0], 0) && NEAR(t[5], 10),
          "ticks of [0.3, 9.6]: %d from %g to %g step %g, expected 0..10 by 2", n, t[0], t[n - 1], step);

    n = cs_svg_ticks(-13, 48, 5, t, 16, &step);
    CHECK(NEAR(step, 20) && NEAR(t[0], -20) && NEAR(t[n - 1], 60), "ticks of [-13, 48]: %g..%g by %g",
          t[0], t[n - 1], step);
    int zero = 0;
    for (int i = 0; i < n; i++) zero |= t[i] == 0;
    CHECK(zero, "ticks spanning zero include exactly 0");

    /* ticks always cover the data */
    static const double ranges[][2] = {{0.896, 0.899}, {1234, 98765}, {-0.02, 0.013}, {5, 5.0001}, {0, 104 / 52.0}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        n = cs_svg_ticks(ranges[i][0], ranges[i][1], 5, t, 16, &step);
        CHECK(n >= 2 && n <= 16 && t[0] <= ranges[i][0] && t[n - 1] >= ranges[i][1],
              "ticks %g..%g (%d) cover [%g, %g]", t[0], t[n - 1], n, ranges[i][0], ranges[i][1]);
        int even = 1;
        for (int k = 1; k < n; k++) even &= NEAR(t[k] - t[k - 1], step);
        CHECK(even, "ticks of [%g, %g] are evenly spaced by %g", ranges[i][0], ranges[i][1], step);
    }

    n = cs_svg_ticks(7, 7, 5, t, 16, &step);
    CHECK(n >= 2 && t[0] < 7 && t[n - 1] > 7, "a flat range [7, 7] is widened around 7: %g..%g", t[0], t[n - 1]);
    n = cs_svg_ticks(0, 0, 5, t, 16, &step);
    CHECK(n >= 2 && t[0] <= 0 && t[n - 1] > 0, "a flat range at 0 is widened: %g..%g", t[0], t[n - 1]);
    n = cs_svg_ticks(NAN, INFINITY, 5, t, 16, &step);
    CHECK(n >= 2 && isfinite(t[0]) && isfinite(t[n - 1]), "non-finite bounds give finite ticks");
    n = cs_svg_ticks(0, 1000, 50, t, 4, &step);
    CHECK(n <= 4 && t[n - 1] >= 1000, "the cap is respected: %d ticks up to %g", n, t[n - 1]);
    n = cs_svg_ticks(9, 1, 5, t, 16, &step);
    CHECK(t[0] <= 1 && t[n - 1] >= 9, "reversed bounds are swapped");
}

static void test_fmt(void)
{
    static const struct { double v, step; const char *want; } cases[] = {
        {0, 1, "0"},           {12500, 500, "12,500"}, {-1234567, 1, "-1,234,567"},
        {0.5, 0.5, "0.5"},     {0.25, 0.05, "0.25"},   {1e-17, 0.1, "0.0"},
        {-1e-17, 0.02, "0.00"}, {999, 1, "999"},       {1000, 1, "1,000"},
        {-0.4, 0.2, "-0.4"},   {3.14159, 0.01, "3.14"}, {100000, 20000, "100,000"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_svg_fmt(cases[i].v, cases[i].step, buf, sizeof buf);
        CHECK(!strcmp(buf, cases[i].want), "fmt(%g, step %g) = '%s', expected '%s'", cases[i].v,
              cases[i].step, buf, cases[i].want);
    }
}

static void test_mapping(void)
{
    struct cs_svg_frame fr = {70, 20, 500, 200, 0, 10, -5, 5};
    CHECK(NEAR(cs_svg_x(&fr, 0), 70) && NEAR(cs_svg_x(&fr, 10), 570) && NEAR(cs_svg_x(&fr, 5), 320),
          "x maps [0, 10] onto [70, 570]");
    CHECK(NEAR(cs_svg_y(&fr, -5), 220) && NEAR(cs_svg_y(&fr, 5), 20) && NEAR(cs_svg_y(&fr, 0), 120),
          "y maps [-5, 5] onto [220, 20] (upwards)");
    CHECK(NEAR(cs_svg_x(&fr, 12), 670), "x extrapolates linearly beyond the frame");
    struct cs_svg_frame flat = {0, 0, 100, 100, 3, 3, 2, 2};
    CHECK(NEAR(cs_svg_x(&flat, 3), 50) && NEAR(cs_svg_y(&flat, 2), 50),
          "a zero-width data range maps to the middle, not NaN");
}

static void test_escape(void)
{
    char *s = capture_escape("<b class=\"x\">Tom & Jerry's</b>");
    CHECK(s && !strcmp(s, "&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;"), "escaped: %s", s);
    free(s);
    s = capture_escape("plain £ text é");
    CHECK(s && !strcmp(s, "plain £ text é"), "plain and UTF-8 text unchanged: %s", s);
    free(s);
    s = capture_escape("");
    CHECK(s && !strcmp(s, ""), "empty string");
    free(s);
    s = capture_escape(NULL);
    CHECK(s && !strcmp(s, ""), "NULL writes nothing");
    free(s);
    s = capture_escape("&amp;");
    CHECK(s && !strcmp(s, "&amp;amp;"), "an entity is escaped again (text, not markup): %s", s);
    free(s);
}

static void test_elements(void)
{
    struct cs_svg_frame fr = {0, 0, 100, 100, 0, 4, 0, 4};
    double x[] = {0, 1, 2, 3, 4}, y[] = {0, 1, NAN, 3, 4}, lo[] = {0, 0, 0, 0, 0}, hi[] = {1, 2, 3, 4, 4};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cs_svg_polyline(f, &fr, x, y, 5, "#0072B2", 2);
    fclose(f);
    CHECK(count(buf, "<polyline") == 2, "a NaN breaks the line in two polylines: %s", buf);
    CHECK(strstr(buf, "points=\"0.0,100.0 25.0,75.0\"") != NULL, "first piece at the mapped points: %s", buf);
    CHECK(strstr(buf, "points=\"75.0,25.0 100.0,0.0\"") != NULL, "second piece at the mapped points: %s", buf);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    cs_svg_band(f, &fr, x, lo, hi, 5, "#E69F00", 0.2);
    fclose(f);
    CHECK(count(buf, "<polygon") == 1 && strstr(buf, "class=\"band\""), "one band polygon: %s", buf);
    /* upper edge forwards then lower edge backwards: 10 points */
    const char *pts = strstr(buf, "points=\"");
    int commas = pts ? count(pts, ",") : 0;
    CHECK(commas == 10, "band has 2 x 5 points, found %d", commas);
    CHECK(pts && !strncmp(pts, "points=\"0.0,75.0 25.0,50.0", 26) && strstr(buf, "0.0,100.0\""),
          "band goes along hi and back along lo: %s", buf);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    cs_svg_errorbar(f, &fr, 50, 1, 2, 3, "#009E73");
    cs_svg_errorbar(f, &fr, 50, NAN, 2, 3, "#009E73");
    cs_svg_text(f, 10, 20, "end", -90, "t<", "a<b & c");
    fclose(f);
    CHECK(count(buf, "class=\"ci\"") == 1, "one error bar drawn, none for a NaN bound: %s", buf);
    CHECK(strstr(buf, "<circle cx=\"50.0\" cy=\"50.0\"") != NULL, "error bar's dot at the mean: %s", buf);
    CHECK(strstr(buf, ">a&lt;b &amp; c</text>") && strstr(buf, "class=\"t&lt;\"") &&
              strstr(buf, "rotate(-90 10.0 20.0)"),
          "text is escaped, class too, and rotated: %s", buf);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    cs_svg_begin(f, 640, 300, "fan", "Costs <&> \"x\"");
    cs_svg_end(f);
    fclose(f);
    CHECK(strstr(buf, "viewBox=\"0 0 640 300\"") && strstr(buf, "<title>Costs &lt;&amp;&gt; &quot;x&quot;</title>") &&
              strstr(buf, "</svg>"),
          "svg element with viewBox and escaped title: %s", buf);
    free(buf);
}

void test_report(void)
{
    test_nice_step();
    test_ticks();
    test_fmt();
    test_mapping();
    test_escape();
    test_elements();
}
