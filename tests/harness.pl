#!/usr/bin/perl
# harness.pl - runs the test suite with TAP::Harness (the engine of prove):
# shell tests tests/*.t through sh, the C unit tests tests/unit/* directly.
# Prints prove's report, the failing tests' diagnostics, and one last line
# "N passed, N failed" (test points).  Exit status 1 if anything failed.
#
# Usage: perl tests/harness.pl [TEST...]
use strict;
use warnings;
use TAP::Harness;

my @tests = @ARGV;
if (!@tests) {
	@tests = (sort(glob('tests/unit/test-*[!.][!c]')), sort(glob('tests/*.t')));
	@tests = grep { !/\.[cd]$/ } @tests;
}
my $jobs = $ENV{HL_TEST_JOBS} || 2;
my $h = TAP::Harness->new({
	jobs     => $jobs,
	failures => 1,
	comments => 1,
	exec     => sub {
		my ($harness, $file) = @_;
		return $file =~ /\.t$/ ? ['/bin/sh', $file] : [$file];
	},
});
my $agg = $h->runtests(@tests);
my $passed = scalar($agg->passed);
my $failed = scalar($agg->failed);
# A test file that died or planned wrong counts as one more failure.
for my $t ($agg->descriptions) {
	my ($parser) = $agg->parsers($t);
	$failed++ if !$parser->failed && ($parser->exit || $parser->wait ||
	    $parser->parse_errors);
}
print "$passed passed, $failed failed\n";
exit($failed ? 1 : 0);
