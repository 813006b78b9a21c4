package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// blockedRange is an address range the fetcher refuses unless private networks are allowed.
type blockedRange struct {
	prefix netip.Prefix
	why    string
}

// blockedRanges lists every destination refused by default. IPv4-mapped, NAT64 and 6to4
// IPv6 addresses are unwrapped to the IPv4 address they embed before the check.
var blockedRanges = func() []blockedRange {
	list := []struct{ cidr, why string }{
		{"0.0.0.0/8", "\"this network\" address"},
		{"10.0.0.0/8", "private address"},
		{"100.64.0.0/10", "carrier-grade NAT address"},
		{"127.0.0.0/8", "loopback address"},
		{"169.254.0.0/16", "link-local or cloud metadata address"},
		{"172.16.0.0/12", "private address"},
		{"192.0.0.0/24", "IETF protocol assignment"},
		{"192.168.0.0/16", "private address"},
		{"198.18.0.0/15", "benchmarking address"},
		{"224.0.0.0/4", "multicast address"},
		{"240.0.0.0/4", "reserved or broadcast address"},
		{"::/128", "unspecified address"},
		{"::1/128", "loopback address"},
		{"fc00::/7", "unique local (private) address"},
		{"fe80::/10", "link-local address"},
		{"fec0::/10", "site-local address"},
		{"ff00::/8", "multicast address"},
		{"100::/64", "discard-only address"},
	}
	out := make([]blockedRange, len(list))
	for i, l := range list {
		out[i] = blockedRange{netip.MustParsePrefix(l.cidr), l.why}
	}
	return out
}()

var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address an IPv6 address carries (IPv4-mapped,
// IPv4-compatible, NAT64 or 6to4), if any.
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	if a.Is4In6() {
		return a.Unmap(), true
	}
	if !a.Is6() {
		return netip.Addr{}, false
	}
	b := a.As16()
	switch {
	case nat64Prefix.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	// IPv4-compatible (deprecated) ::a.b.c.d, other than :: and ::1.
	for _, x := range b[:12] {
		if x != 0 {
			return netip.Addr{}, false
		}
	}
	if b[12]|b[13] == 0 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
}

// blockedReason says why a is refused by default, or "" when a is a public address.
func blockedReason(a netip.Addr) string {
	a = a.WithZone("")
	if v4, ok := embeddedIPv4(a); ok {
		if why := blockedReason(v4); why != "" {
			return why + " (embedded in " + a.String() + ")"
		}
		return ""
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(a) {
			return r.why
		}
	}
	return ""
}

// BlockedError is the cause of an ErrKindBlocked FetchError: the fetcher refused to connect
// to Addr because it is not a public address, or to a URL whose scheme is not http(s).
type BlockedError struct {
	Addr   string // the address dialed, or the URL refused
	Reason string
}

func (e *BlockedError) Error() string {
	if e.Addr == "" {
		return e.Reason
	}
	return fmt.Sprintf("refusing to connect to %s (%s); set crawl.allow_private_networks: true to allow private networks", e.Addr, e.Reason)
}

// checkAddress is the net.Dialer Control hook: it runs for every connection attempt with
// the resolved address, so DNS answers and redirects to private hosts are refused too.
func checkAddress(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Addr: address, Reason: "unparsable address"}
	}
	if why := blockedReason(ap.Addr()); why != "" {
		return &BlockedError{Addr: ap.Addr().String(), Reason: why}
	}
	return nil
}

// checkAddressButLoopback is checkAddress that lets loopback addresses through
// (Options.AllowLoopback): every other private, link-local or metadata address is still
// refused, so a test on one machine can check the refusals.
func checkAddressButLoopback(network, address string, rc syscall.RawConn) error {
	if ap, err := netip.ParseAddrPort(address); err == nil && ap.Addr().Unmap().IsLoopback() {
		return nil
	}
	return checkAddress(network, address, rc)
}

// dialContext returns the dial function of the transport. hostOverride (tests only) maps a host
// name to another address before dialing, as a lying DNS server would.
func (c *Client) dialContext() func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: c.opts.Timeout, KeepAlive: 30 * time.Second}
	if !c.opts.AllowPrivate {
		d.Control = func(network, address string, rc syscall.RawConn) error {
			return c.control(network, address, rc)
		}
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if c.hostOverride != nil {
			if host, port, err := net.SplitHostPort(addr); err == nil {
				if to, ok := c.hostOverride[host]; ok {
					addr = net.JoinHostPort(to, port)
				}
			}
		}
		return d.DialContext(ctx, network, addr)
	}
}
