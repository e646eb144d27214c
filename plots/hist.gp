# hist.gp - latency distribution functions of the reasons with most time
# (hist_N.dat: value, % of that reason's exits at or below it; straight across
# a histogram bucket, flat between buckets)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/hist.%s', datadir, outfmt)
set title sprintf('Exit latency distribution, top reasons by time (%s)', unit)
set xlabel sprintf('%s per exit (log scale)', unit)
set ylabel '% of the reason''s exits at or below'
set logscale x
set yrange [0:100]
set ytics 10
set grid xtics ytics
set key bottom right noenhanced
plot for [i=1:nhist] sprintf('%s/hist_%d.dat', datadir, i) using 1:2 \
    with lines lw 2 title columnheader(2)
