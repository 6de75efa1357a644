# Draws docs/scaling.png from docs/scaling.csv (the `fb precision` figures of docs/scaling.md): seconds per epoch against the training
# set's size, the network's width and the threads, one line per precision and memory format. Run from the repository: Rscript scripts/plot_scaling.R
d <- read.csv("docs/scaling.csv", stringsAsFactors = FALSE)
variants <- unique(d$variant)
colours <- c("#1b9e77", "#d95f02", "#7570b3", "#e7298a")
png("docs/scaling.png", width = 1500, height = 500, res = 120)
par(mfrow = c(1, 3), mar = c(4.5, 4.5, 3, 1))
panels <- list(
  list(measure = "data", xlab = "training images (2 epochs, one-cycle)", title = "Data (widths 16-128)", log = "xy"),
  list(measure = "width", xlab = "stem width (then x2, x4, x8); 18,000 images", title = "Width", log = "xy"),
  list(measure = "threads", xlab = "libtorch threads (OMP_NUM_THREADS); 18,000 images", title = "Threads", log = "y"))
for (p in panels) {
  s <- d[d$measure == p$measure, ]
  plot(range(s$x), range(s$seconds_per_epoch), type = "n", log = p$log, xlab = p$xlab, ylab = "seconds per epoch", main = p$title,
       xaxt = "n")
  axis(1, at = unique(s$x))
  for (i in seq_along(variants)) {
    v <- s[s$variant == variants[i], ]
    lines(v$x, v$seconds_per_epoch, type = "b", pch = 19, col = colours[i], lwd = 2)
  }
  if (p$measure == "data") legend("topleft", legend = variants, col = colours, lwd = 2, pch = 19, bty = "n", cex = 0.9)
}
invisible(dev.off())
