# common.gp - shared settings; callers pass datadir, scriptdir (where these scripts are),
# outfmt ('png' or 'svg'), unit.
if (outfmt eq 'svg') {
    set terminal svg size 900,500 dynamic background rgb 'white' font 'sans,11'
} else {
    set terminal pngcairo size 900,500 font 'sans,10'
}
set grid ytics
set key top right
set style fill solid 0.8 border -1
