# HLDom.pm - the DOM that Chromium serialised (tests/tools/browse), read
# back into a tree for the tests' tools.  Chromium's serialiser is regular:
# attributes in double quotes, text and attribute values escaped, an end
# tag for every element but the void ones; so a small tokenizer does (it
# also takes "<rect/>", as the HTML we write has it).
#
#   use lib "$dir"; use HLDom;
#   my $root = HLDom::parse($html);     # { name, attr => {}, kids => [] }
#   HLDom::walk($root, sub { my ($node, @ancestors) = @_; ... });
#   HLDom::text($node)                  # all the text under node
# A text node is { text => STRING }.
package HLDom;
use strict;
use warnings;

my %void = map { $_ => 1 } qw(area base br col embed hr img input link meta
    source track wbr);
my %entity = (amp => '&', lt => '<', gt => '>', quot => '"',
    nbsp => "\x{a0}");

sub unescape {
	my ($s) = @_;
	$s =~ s/&(#x[0-9a-fA-F]+|#\d+|\w+);/
	    substr($1, 0, 2) eq '#x' ? chr hex substr($1, 2)
	    : substr($1, 0, 1) eq '#' ? chr substr($1, 1)
	    : $entity{$1} \/\/ "&$1;"/ge;
	return $s;
}

# parse HTML: the tree of the document; dies where it cannot read on.
sub parse {
	my ($html) = @_;
	my $root = { name => '#document', attr => {}, kids => [] };
	my @stack = ($root);
	while ($html =~ /\G(?:<!--.*?-->|<!DOCTYPE[^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=>\/]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+))/gcs) {
		my ($close, $name, $attrs, $empty, $text) = ($1, $2, $3, $4, $5);
		if (defined $text) {
			push @{$stack[-1]{kids}}, { text => unescape($text) };
			next;
		}
		next if !defined $name;
		$name = lc $name;
		if ($close) {
			my ($i) = grep { $stack[$_]{name} eq $name } reverse 1 .. $#stack;
			splice @stack, $i if defined $i;
			next;
		}
		my %a;
		while ($attrs =~ /([^\s=]+)(?:="([^"]*)")?/g) {
			$a{$1} = defined $2 ? unescape($2) : '';
		}
		my $e = { name => $name, attr => \%a, kids => [] };
		push @{$stack[-1]{kids}}, $e;
		if ($name eq 'style' || $name eq 'script') {
			$html =~ /\G(.*?)<\/$name>/gcs;
			push @{$e->{kids}}, { text => $1 // '' };
			next;
		}
		push @stack, $e unless $void{$name} || $empty;
	}
	my $at = pos($html) // 0;
	die "HLDom: cannot read the DOM at offset $at\n" if $at < length $html;
	return $root;
}

# walk NODE FN: calls FN(node, ancestors...) for every node, document
# order, ancestors outermost first.
sub walk {
	my ($node, $fn, @up) = @_;
	$fn->($node, @up);
	walk($_, $fn, @up, $node) for @{$node->{kids} || []};
}

sub text {
	my ($node) = @_;
	return $node->{text} if defined $node->{text};
	return join '', map { text($_) } @{$node->{kids}};
}

# The class list of a node has CLASS.
sub has_class {
	my ($node, $class) = @_;
	return ($node->{attr}{class} // '') =~ /(?:^|\s)\Q$class\E(?:\s|$)/;
}

1;
