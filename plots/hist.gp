# hist.gp - latency histograms of the reasons with most time (hist_N.dat: lo hi count)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/hist.%s', datadir, outfmt)
set title sprintf('Exit latency distribution, top reasons (%s)', unit)
set xlabel sprintf('%s per exit (log scale)', unit)
set ylabel sprintf('exits per %s of latency (density)', unit)
set logscale x
set yrange [0:*]
set key noenhanced
plot for [i=1:nhist] sprintf('%s/hist_%d.dat', datadir, i) using (($1+$2)/2):($3/($2-$1+1)) \
    with linespoints title columnheader(3)
