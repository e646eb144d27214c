# cycles.gp - share of the time spent in exits, by reason (reasons.dat: name count total)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/cycles.%s', datadir, outfmt)
set title sprintf('Time in exits by reason (%s)', unit)
set ylabel unit
set style data histograms
set xtics rotate by -45 noenhanced
set yrange [0:*]
plot sprintf('%s/reasons.dat', datadir) using 3:xtic(1) title unit lc rgb '#ed7d31'
