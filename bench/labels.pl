#!/usr/bin/env perl
# bench/labels.pl - many distinct service labels, for measuring what
# classify costs per distinct label and for checking that the rules decide
# them the same however they are evaluated (tests/unit/rulegate.c).
#
#   bench/labels.pl [-n N] [-s SEED] [TOP]
#
# Writes a records file (telestat-records(5)) with one column, service,
# and N distinct labels (default 40000), the same bytes for the same N and
# SEED. TOP is the source tree (default: the parent of this script's
# directory). The labels are those of the tree's corpora
# (testdata/labels*.tsv), of testdata/classify/ and of the golden cases'
# inputs, then variants of them as real exports write them: a space
# inside a word (one or two), a letter changed, dropped, added or two
# swapped, other case, accents added or lost, UTF-8 read as Latin-1 and
# written back, punctuation for spaces, a procedure code or a department
# around the label, long labels, and in-person catalogue labels made of
# procedure words. One label in four is a base label, in the order of the
# files, the others variants, so that a small N has both kinds.
use strict;
use utf8;
use warnings;
use File::Basename qw(dirname);
use Getopt::Long qw(GetOptions);

my ($n, $seed) = (40000, 1);
GetOptions('n=i' => \$n, 's=i' => \$seed) && $n >= 0
    or die "usage: bench/labels.pl [-n N] [-s SEED] [TOP]\n";
my $top = shift // dirname(dirname(__FILE__));

# xorshift32: the same sequence on every perl, unlike rand().
my $state = ($seed * 2654435761 + 2463534242) % 4294967296 || 1;
sub rnd {    # 0 .. $_[0]-1
	$state ^= ($state << 13) & 0xFFFFFFFF;
	$state ^= $state >> 17;
	$state ^= ($state << 5) & 0xFFFFFFFF;
	return int($state / 4294967296 * $_[0]);
}
sub pick { $_[rnd(scalar @_)] }

# --- base labels ------------------------------------------------------
my (@base, %seen);
sub add_base {
	my $l = shift;
	$l =~ s/[\t\r\n\\]//g;
	return if $l eq '' || $seen{$l}++;
	push @base, $l;
}
sub read_column {    # FILE, header name of the column
	my ($file, $name) = @_;
	open(my $fh, '<', $file) or return;
	my $head = <$fh> // return;
	chomp $head;
	my @h = split /\t/, $head, -1;
	my ($c) = grep { $h[$_] eq $name } 0 .. $#h;
	return unless defined $c;
	while (my $line = <$fh>) {
		chomp $line;
		my @f = split /\t/, $line, -1;
		add_base($f[$c]) if defined $f[$c];
	}
}
read_column($_, 'service') for sort glob("$top/testdata/labels*.tsv"),
    glob("$top/testdata/classify/*.tsv"), glob("$top/tests/cli/*/stdin");

# In-person catalogue words, for labels no rule should place.
my @words = qw(hemograma completo glucosa basal radiografia torax frontal
    lateral ecografia abdominal consulta externa control prenatal vacunacion
    curacion herida sutura extraccion dental profilaxis cirugia menor biopsia
    piel endoscopia alta colonoscopia electrocardiograma reposo holter
    espirometria audiometria tonal fisioterapia sesion rehabilitacion
    hospitalizacion dia cama emergencia topico triaje inyectable nebulizacion
    papanicolaou mamografia bilateral tomografia cerebral sin contraste
    resonancia rodilla densitometria osea laboratorio perfil lipidico orina
    urocultivo cultivo antibiograma parto vaginal cesarea atencion recien
    nacido psicologia terapia familiar nutricion evaluacion odontologia
    obturacion resina endodoncia exodoncia visita domiciliaria enfermeria
    farmacia dispensacion receta certificado medico aptitud examen ocupacional
    procedure office visit established patient new level blood draw venipuncture
    chest xray view lipid panel metabolic comprehensive injection intramuscular
    physical therapy evaluation moderate complexity hearing screening vision
    consulta ambulatoria medicina interna pediatria ginecologia cardiologia
    neurologia dermatologia oftalmologia traumatologia urologia);
my @depts = ('SERVICIO DE MEDICINA', 'CONSULTORIO 3', 'HOSPITAL II', 'C.S. SAN JUAN',
    'PROGRAMA TBC', 'ESTRATEGIA SANITARIA', 'TURNO TARDE', 'Nivel I-3');

# --- variants ---------------------------------------------------------
my @accent = ([qw(a á)], [qw(e é)], [qw(i í)], [qw(o ó)], [qw(u ú)], [qw(n ñ)]);
sub words_of { split / /, $_[0] }

sub split_word {    # a space inside a word of 4 letters or more
	my @w = words_of($_[0]);
	my @long = grep { length($w[$_]) >= 4 && $w[$_] =~ /^[[:ascii:]]+$/ } 0 .. $#w;
	return undef unless @long;
	my $i = pick(@long);
	my $k = 1 + rnd(length($w[$i]) - 1);
	$w[$i] = substr($w[$i], 0, $k) . ' ' . substr($w[$i], $k);
	return join ' ', @w;
}
sub typo {    # one edit in one ASCII word
	my @w = words_of($_[0]);
	my @ok = grep { length($w[$_]) >= 3 && $w[$_] =~ /^[A-Za-z]+$/ } 0 .. $#w;
	return undef unless @ok;
	my $i = pick(@ok);
	my $s = $w[$i];
	my $k = rnd(length $s);
	my $c = chr(ord($s =~ /[A-Z]/ ? 'A' : 'a') + rnd(26));
	my $how = rnd(4);
	if ($how == 0) { substr($s, $k, 1) = $c }
	elsif ($how == 1) { substr($s, $k, 1) = '' }
	elsif ($how == 2) { substr($s, $k, 0) = $c }
	elsif ($k + 1 < length $s) { substr($s, $k, 2) = reverse substr($s, $k, 2) }
	$w[$i] = $s;
	return join ' ', @w;
}
sub accents {
	my $l = shift;
	if ($l =~ /[áéíóúñÁÉÍÓÚÑ]/) {
		$l =~ tr/áéíóúñÁÉÍÓÚÑ/aeiounAEIOUN/;
		return $l;
	}
	my $p = pick(@accent);
	my ($from, $to) = @$p;
	my @at;
	push @at, pos($l) - 1 while $l =~ /$from/gi;
	return undef unless @at;
	my $k = pick(@at);
	substr($l, $k, 1) = $to;
	return $l;
}
sub mojibake {    # UTF-8 read as Latin-1 and written back as UTF-8
	my $l = shift;
	return undef unless $l =~ /[^\x00-\x7f]/;
	utf8::encode($l);
	utf8::upgrade($l);
	return $l;
}
sub recase {
	my ($l, $how) = @_;
	return uc $l if $how == 0;
	return lc $l if $how == 1;
	return join ' ', map { ucfirst lc } words_of($l);
}
sub sep {
	my $l = shift;
	my $s = pick('-', '_', '.', ' - ', ', ', '/', '  ');
	$l =~ s/ /$s/g;
	return $l;
}
sub wrap {
	my $l = shift;
	my $how = rnd(4);
	return sprintf('99%03d.%02d - %s', rnd(1000), rnd(100), $l) if $how == 0;
	return "$l - " . pick(@depts) if $how == 1;
	return pick(@depts) . ": $l" if $how == 2;
	return "$l (" . pick(@words) . ')';
}
sub catalogue {    # an in-person label of 2 to 6 procedure words
	my @w = map { pick(@words) } 1 .. 2 + rnd(5);
	my $l = join ' ', @w;
	return rnd(2) ? uc $l : ucfirst $l;
}
sub long_label {    # 10 to 25 words: more spaces than joins are tried
	my $b = shift;
	my @w = map { pick(@words) } 1 .. 10 + rnd(16);
	splice(@w, rnd(@w + 1), 0, $b);
	return join ' ', @w;
}

binmode(STDOUT, ':utf8');
print "service\n";
my (%out, $count);
$count = 0;
sub emit {
	my $l = shift;
	return if !defined $l || $count >= $n;
	$l =~ s/^ +| +$//g;
	return if $l eq '' || $out{$l}++;
	print "$l\n";
	$count++;
}
for my $b (@base) {
	utf8::decode($b);
	$b =~ s/[^\x20-\x{10ffff}]//g;
}
my ($next, $guard) = (0, 0);
while ($count < $n && @base && $guard++ < 50 * $n + 1000) {
	my $b = pick(@base);
	my $kind = rnd(16);
	my $l;
	if ($count % 4 == 0 && $next < @base) { $l = $base[$next++] }
	elsif ($kind <= 2) { $l = split_word($b) }
	elsif ($kind == 3) { $l = split_word($b); $l = split_word($l) if defined $l }
	elsif ($kind <= 5) { $l = typo($b) }
	elsif ($kind == 6) { $l = typo(split_word($b) // $b) }
	elsif ($kind == 7) { $l = recase($b, rnd(3)) }
	elsif ($kind == 8) { $l = accents($b) }
	elsif ($kind == 9) { $l = mojibake($b) // accents($b) }
	elsif ($kind == 10) { $l = sep($b) }
	elsif ($kind == 11) { $l = wrap($b) }
	elsif ($kind <= 13) { $l = catalogue() }
	elsif ($kind == 14) { $l = long_label($b) }
	else { $l = split_word(catalogue()) }
	emit($l);
}
