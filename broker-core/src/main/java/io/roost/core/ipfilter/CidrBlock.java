package io.roost.core.ipfilter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32});
 * a bare address is a block of one. Parsing accepts IP literals only and never consults DNS.
 * An IPv4-mapped IPv6 block ({@code ::ffff:10.0.0.0/104}) is stored as the IPv4 block it maps, and
 * {@link #contains} maps IPv4-mapped addresses back to IPv4 likewise, so one rule covers a client
 * whichever way a dual-stack socket reports it. Immutable and thread-safe.
 */
public final class CidrBlock {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Hex groups, colons and an optional dotted IPv4 tail: nothing a resolver would look up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final int MAPPED_PREFIX_BITS = 96;

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = format(network, prefixLength);
    }

    /**
     * @param text {@code address} or {@code address/prefix}; host bits beyond the prefix must be zero
     *     ({@code 10.0.0.1/8} is refused, as it most likely hides a typing mistake)
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static CidrBlock parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cidr is missing");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literal(addressText, trimmed);
        boolean mapped = address.length == 4 && addressText.contains(":");
        int maxBits = mapped ? 128 : address.length * 8;
        int prefix = slash < 0 ? maxBits : prefixLength(trimmed.substring(slash + 1), maxBits, trimmed);
        if (mapped) {
            if (prefix < MAPPED_PREFIX_BITS) {
                throw new IllegalArgumentException("cidr " + trimmed + " is IPv4-mapped, so its prefix must be 96 to 128");
            }
            prefix -= MAPPED_PREFIX_BITS;
        }
        if (!Arrays.equals(address, masked(address, prefix))) {
            throw new IllegalArgumentException("cidr " + trimmed + " has bits set after the /" + prefix
                    + " prefix; did you mean " + format(masked(address, prefix), prefix) + "?");
        }
        return new CidrBlock(address, prefix);
    }

    private static byte[] literal(String address, String whole) {
        if (IPV4.matcher(address).matches()) {
            String[] parts = address.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    throw new IllegalArgumentException("cidr " + whole + " is not an IPv4 or IPv6 address block");
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }
        if (IPV6.matcher(address).matches()) {
            try {
                // The pattern admits only literal characters, for which getByName parses and never resolves.
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                // Answered below.
            }
        }
        throw new IllegalArgumentException("cidr " + whole + " is not an IPv4 or IPv6 address block");
    }

    private static int prefixLength(String text, int maxBits, String whole) {
        try {
            int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= maxBits && text.matches("\\d{1,3}")) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new IllegalArgumentException("cidr " + whole + " needs a prefix length from 0 to " + maxBits);
    }

    /** Whether the address is in this block; an IPv4 block also holds the IPv4-mapped IPv6 form. */
    public boolean contains(InetAddress address) {
        byte[] bytes = comparable(address);
        if (bytes.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - restBits) & 0xff;
        return (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** The address's bytes, with an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its four IPv4 bytes. */
    static byte[] comparable(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isMapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    private static String format(byte[] network, int prefix) {
        try {
            InetAddress address = InetAddress.getByAddress(network);
            String host = address instanceof Inet4Address ? address.getHostAddress() : compressed(address.getHostAddress());
            return host + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Java writes {@code 2001:db8:0:0:0:0:0:0}; people write {@code 2001:db8::}. */
    private static String compressed(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Whether this is an IPv4 block (IPv4-mapped IPv6 blocks are). */
    public boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrBlock block && block.prefixLength == prefixLength && Arrays.equals(block.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** The canonical form, {@code 10.0.0.0/8} or {@code 2001:db8::/32}; parsing it gives an equal block. */
    @Override
    public String toString() {
        return text;
    }
}
