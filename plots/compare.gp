# compare.gp - exits by reason in two runs of one workload, side by side
# (compare.dat: name countA cyclesA countB cyclesB); callers pass datadir,
# outfmt, label_a, label_b.
load sprintf('%s/common.gp', system('dirname ' . ARG0))
set output sprintf('%s/compare.%s', datadir, outfmt)
set title 'VM exits by reason: ' . label_a . ' vs ' . label_b
set ylabel 'exits (log scale)'
set logscale y
set style data histograms
set style histogram clustered gap 1
set xtics rotate by -45 noenhanced
plot sprintf('%s/compare.dat', datadir) using ($2 > 0 ? $2 : 1):xtic(1) title label_a lc rgb '#4472c4', \
     '' using ($4 > 0 ? $4 : 1) title label_b lc rgb '#ed7d31'
