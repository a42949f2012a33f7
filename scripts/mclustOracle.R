# R's mclust as an oracle (only its documented functions are called; mclust is GPL and its code is
# never read) for test/fixtures/mclust/<name>.json.   Needs r-base-core and r-cran-mclust (Debian).
# usage: Rscript scripts/mclustOracle.R test/fixtures/mclust
# For each data set (R's built-in iris and faithful, both public, and faithful's waiting times as
# 1-D data): given soft responsibilities z (made here by a fixed formula, written to the JSON),
# mclust's mstep for each of its models (inner iterations to 1e-14 so iterative models are
# converged), estep's loglik of those parameters, and Mclust's BIC table for k = 1..5 with the
# hierarchical-start partitions it began from.
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
outDir <- if (length(args) > 0) args[1] else "test/fixtures/mclust"

# z: soft responsibilities proportional to exp(-|x - x_c|^2 / (2 s^2)) about rows `centres`,
# s^2 the mean column variance; rows with every weight below 1e-300 take 1/G each.
softResp <- function(X, centres) {
  s2 <- mean(apply(X, 2, var))
  z <- sapply(centres, function(r) exp(-rowSums(sweep(X, 2, X[r, ])^2) / (2 * s2)))
  z <- z / rowSums(z)
  z
}

oneSet <- function(name, X, centres) {
  X <- as.matrix(X)
  n <- nrow(X); d <- ncol(X)
  models <- if (d == 1) c("E", "V") else
    c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV")
  z <- softResp(X, centres)
  G <- ncol(z)
  ctrl <- emControl(tol = c(1e-5, 1e-15), itmax = c(.Machine$integer.max, 100000L))
  msteps <- lapply(models, function(m) {
    ms <- mstep(data = X, modelName = m, z = z, control = ctrl)
    p <- ms$parameters
    sigma <- if (d == 1) rep_len(p$variance$sigmasq, G) else as.vector(aperm(p$variance$sigma, c(2, 1, 3)))
    es <- estep(data = X, modelName = m, parameters = p)
    list(model = m, pro = as.vector(p$pro), mean = as.vector(p$mean),
         sigma = sigma, loglik = es$loglik,
         nParameters = nMclustParams(m, d = d, G = G))
  })
  fit <- Mclust(X, G = 1:5, modelNames = models, verbose = FALSE)
  bic <- fit$BIC
  hcPairs <- attr(bic, "initialization")$hcPairs
  partitions <- lapply(1:5, function(k) tryCatch(as.vector(hclass(hcPairs, k)), error = function(e) NULL))
  bicRows <- list()
  for (m in models) for (k in 1:5) {
    b <- bic[k, m]
    npar <- nMclustParams(m, d = d, G = k)
    bicRows[[length(bicRows) + 1]] <- list(model = m, k = k,
      bic = if (is.na(b)) NULL else b, nParameters = npar,
      icl = if (is.na(b)) NULL else {
        f <- Mclust(X, G = k, modelNames = m, verbose = FALSE)
        if (is.null(f)) NULL else icl(f)
      })
  }
  at <- which(bic == max(bic, na.rm = TRUE), arr.ind = TRUE)[1, ]
  out <- list(name = name, nSamples = n, nFeatures = d,
              data = as.vector(t(X)), resp = as.vector(t(z)), nComponents = G,
              msteps = msteps, hcPartitions = partitions, bic = bicRows,
              bestBic = max(bic, na.rm = TRUE), best = list(model = colnames(bic)[at[2]], k = as.integer(rownames(bic)[at[1]])),
              mclustVersion = as.character(packageVersion("mclust")))
  writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, null = "null", na = "null"),
             file.path(outDir, paste0(name, ".json")))
}

oneSet("iris", iris[, 1:4], c(1, 51, 101))
oneSet("faithful", faithful, c(1, 2, 3))
oneSet("waiting", faithful[, "waiting", drop = FALSE], c(1, 2))
