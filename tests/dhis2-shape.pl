#!/usr/bin/env perl
# tests/dhis2-shape.pl FILE - checks that FILE is a DHIS2 data value set
# in JSON as the DHIS2 Web API documents it (POST /api/dataValueSets):
# an object with optional dataSet, completeDate, period, orgUnit and
# attributeOptionCombo strings and a dataValues array; each data value an
# object with string dataElement, period, orgUnit and value, optional
# string categoryOptionCombo, attributeOptionCombo, comment, storedBy,
# and boolean followup; no other keys. Periods are checked for the
# yearly (2025) and monthly (202503) forms telestat writes. Prints the
# sum of the values; exits 1 with a message on the first problem.
use strict;
use warnings;
use JSON::PP;

my $file = shift or die "usage: dhis2-shape.pl FILE\n";
open my $fh, '<:raw', $file or die "$file: $!\n";
my $doc = eval { JSON::PP->new->decode(do { local $/; <$fh> }) };
die "$file: not JSON: $@" unless defined $doc;
sub fail { print STDERR "$file: $_[0]\n"; exit 1 }
sub is_str { defined $_[0] && !ref $_[0] && (B::svref_2object(\$_[0])->FLAGS & B::SVf_POK()) }
use B;
ref $doc eq 'HASH' or fail('top level is not an object');
my %top = map { $_ => 1 } qw(dataSet completeDate period orgUnit attributeOptionCombo dataValues);
for (keys %$doc) { $top{$_} or fail("unknown top-level key \"$_\"") }
for (qw(dataSet completeDate period orgUnit attributeOptionCombo)) {
	fail("$_ is not a string") if exists $doc->{$_} && !is_str($doc->{$_});
}
ref $doc->{dataValues} eq 'ARRAY' or fail('dataValues is not an array');
my %dvkeys = map { $_ => 1 } qw(dataElement period orgUnit categoryOptionCombo
    attributeOptionCombo value comment storedBy followup);
my ($n, $sum) = (0, 0);
for my $dv (@{ $doc->{dataValues} }) {
	$n++;
	ref $dv eq 'HASH' or fail("data value $n is not an object");
	for (keys %$dv) { $dvkeys{$_} or fail("data value $n: unknown key \"$_\"") }
	for (qw(dataElement period orgUnit value)) {
		exists $dv->{$_} or fail("data value $n: no $_");
	}
	for (grep { $_ ne 'followup' } keys %$dv) {
		is_str($dv->{$_}) or fail("data value $n: $_ is not a string");
		length $dv->{$_} or fail("data value $n: $_ is empty");
	}
	fail("data value $n: followup is not a boolean")
	    if exists $dv->{followup} && !JSON::PP::is_bool($dv->{followup});
	$dv->{period} =~ /^[0-9]{4}(0[1-9]|1[0-2])?$/
	    or fail("data value $n: period \"$dv->{period}\" is not yyyy or yyyyMM");
	$dv->{value} =~ /^[0-9]+$/
	    or fail("data value $n: value \"$dv->{value}\" is not a count");
	$sum += $dv->{value};
}
print "$sum\n";
