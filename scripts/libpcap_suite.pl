#!/usr/bin/env perl
# Turn libpcap's filter test suite (testprogs/TESTrun in the libpcap
# snapshot, where the tests are Perl data built by Perl code) into JSON:
# one object per test that TESTrun would run on this machine, with the
# fields TESTrun hands to filtertest.  Nothing of the suite is run here.
#
#   scripts/libpcap_suite.pl LIBPCAP_SOURCE_DIR CONFIG_H > suite.json
#
# The script loads TESTrun as it is, up to the point where it would start
# running tests, and prints its list of ready-to-run tests instead.
use strict;
use warnings;
use JSON::PP;

my ($src, $config_h) = @ARGV;
die "usage: $0 LIBPCAP_SOURCE_DIR CONFIG_H\n" unless defined $config_h;
my $testprogs = "$src/testprogs";
open my $fh, '<', "$testprogs/TESTrun" or die "cannot open $testprogs/TESTrun: $!\n";
my $code = do { local $/; <$fh> };
close $fh;

# Stop where TESTrun turns from describing tests to running them.
my $cut = index $code, "\$diff_flags = get_diff_flags;";
die "TESTrun: no '\$diff_flags = get_diff_flags;' line; the suite's layout changed\n" if $cut < 0;
$code = substr $code, 0, $cut;
$code =~ s/\$FindBin::RealBin/'$testprogs'/g;
$code =~ s/^#!.*\n//;
$code =~ s/^use sigtrap.*\n//m;

my %kinds;
$code .= q{
%kinds = (
	\&run_filter_accept_test => 'accept',
	\&run_filter_apply_test => 'apply',
	\&run_filter_reject_test => 'reject',
	\&run_skip_test => 'skip',
);
@main::SUITE = @ready_to_run;
1;
};
$code = "package main; our \@SUITE; our %kinds; " . $code;

local @ARGV = ('--skipped');
$ENV{CONFIG_H} = $config_h;
{
	no strict;
	eval $code;
	die "TESTrun did not load: $@" if $@;
}
my @out;
foreach my $t (@main::SUITE) {
	my $kind = $main::kinds{$t->{func}};
	next unless defined $kind; # translate tests: not the filter language
	my %o = (kind => $kind);
	foreach my $k (qw(label DLT expr snaplen netmask optimize linuxext generate_offline_filter expected savefile skip)) {
		next unless defined $t->{$k};
		$o{$k} = $t->{$k};
	}
	$o{optimize} = $o{optimize} ? JSON::PP::true : JSON::PP::false if exists $o{optimize};
	$o{linuxext} = $o{linuxext} ? JSON::PP::true : JSON::PP::false if exists $o{linuxext};
	push @out, \%o;
}
print JSON::PP->new->canonical->utf8->encode(\@out), "\n";
