# R's dbscan::hdbscan as an oracle for test/fixtures/density (called by scripts/makeDensityFixtures.py).
# usage: Rscript scripts/hdbscanOracle.R <data.csv without header> <minPts> <out.txt>
# Writes four lines of space-separated numbers: cluster (0 = noise), membership_prob,
# outlier_scores (GLOSH), coredist.   Needs r-base-core and r-cran-dbscan (Debian).
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1], header = FALSE))
minPts <- as.integer(args[2])
suppressMessages(library(dbscan))
h <- hdbscan(x, minPts = minPts)
num <- function(v) paste(sprintf("%.17g", v), collapse = " ")
writeLines(c(num(h$cluster), num(h$membership_prob), num(h$outlier_scores), num(coredist(x, minPts))), args[3])
