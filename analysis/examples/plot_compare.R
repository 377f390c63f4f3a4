# plot_compare.R — the R version of plot_compare.py: one metric of every
# scenario (median and 5th-95th percentile band over replicates, by week) and
# each scenario minus the baseline, paired by replicate, over the projection
# window only: the weeks from the policy start (the timeseries attribute
# policy_start_week), dated on the model's calendar (week 0 starts 1 July 2020);
# a file without the attribute is drawn whole. Needs Debian's r-base-core and
# r-cran-hdf5r.
#
#   Rscript analysis/examples/plot_compare.R FILE [BASELINE] [METRIC] [OUT.png]
suppressMessages(library(hdf5r))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript plot_compare.R FILE [BASELINE] [METRIC] [OUT.png]")
file <- args[1]
f <- H5File$new(file, mode = "r")
if (h5attr(f, "status") != "complete") stop(file, ": not a complete caresim result file")
order <- strsplit(h5attr(f[["scenarios"]], "scenario_order"), "\n")[[1]]   # run order
base <- if (length(args) >= 2) args[2] else order[1]
metric <- if (length(args) >= 3) args[3] else "waiting_list"
out <- if (length(args) >= 4) args[4] else sub("\\.h5$", paste0("_", metric, ".png"), file)
if (!(base %in% order)) stop("no scenario '", base, "'; the file has ", paste(order, collapse = ", "))

# hdf5r returns [week, replicate]: the HDF5 dimensions in R's (reversed) order
read <- function(s) {
  path <- paste0("scenarios/", s, "/timeseries/", metric)
  if (!f$exists(path)) stop("no metric '", metric, "' in scenario '", s, "'")
  f[[path]]$read()
}
x <- lapply(setNames(order, order), read)
units <- h5attr(f[[paste0("scenarios/", base, "/timeseries/", metric)]], "units")
ts <- f[[paste0("scenarios/", base, "/timeseries")]]
if ("policy_start_week" %in% h5attr_names(ts)) {
  # the window: from the policy start's week, in calendar years (1 July 2020 = 2020.5)
  week <- ts[["week"]]$read()
  keep <- week >= h5attr(ts, "policy_start_week")
  x <- lapply(x, function(m) m[keep, , drop = FALSE])
  years <- 2020.5 + week[keep] / 52
  xlab <- paste0("year (from the policy start, ", h5attr(ts, "policy_start"), "; history left out)")
} else {
  years <- (seq_len(nrow(x[[base]])) - 1) / 52
  xlab <- "years from the start"
}
f$close_all()

cols <- c("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
band <- function(m) apply(m, 1, quantile, probs = c(0.05, 0.5, 0.95), names = FALSE)
fan <- function(m, col) {
  q <- band(m)
  polygon(c(years, rev(years)), c(q[1, ], rev(q[3, ])), col = adjustcolor(col, 0.2), border = NA)
  lines(years, q[2, ], col = col, lwd = 2)
}
diffs <- lapply(x, function(m) m - x[[base]])
range_of <- function(l) range(unlist(lapply(l, band)))

png(out, width = 1200, height = 450, type = "cairo")
par(mfrow = c(1, 2))
plot(NA, xlim = range(years), ylim = range_of(x), xlab = xlab, ylab = units,
     main = paste0(metric, ": median, 5th-95th percentile"))
for (i in seq_along(order)) fan(x[[i]], cols[i])
legend("topleft", legend = order, col = cols[seq_along(order)], lwd = 2, bty = "n")
plot(NA, xlim = range(years), ylim = range_of(diffs), xlab = xlab, ylab = units,
     main = paste("difference from", base, "(paired by replicate)"))
abline(h = 0)
for (i in seq_along(order)) if (order[i] != base) fan(diffs[[i]], cols[i])
invisible(dev.off())
cat(out, "\n", sep = "")
