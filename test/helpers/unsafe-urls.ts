/**
 * Every spelling of a loopback, private or metadata target the outgoing-URL guard must refuse.
 * With `port`, each points at a loopback sink on that port where the form can reach it, so a test
 * can prove that no request got through.
 */
export function unsafeUrls(port?: number): string[] {
  const p = port ? `:${port}` : '';
  return [
    `http://127.0.0.1${p}/x`,
    `http://127.1.2.3${p}/x`,
    `http://0x7f.1${p}/x`, // WHATWG URL normalises to 127.0.0.1
    `http://2130706433${p}/x`, // decimal
    `http://0177.0.0.1${p}/x`, // octal
    `http://0x7f000001${p}/x`,
    `http://0.0.0.0${p}/x`,
    `http://10.1.2.3${p}/x`,
    `http://172.16.0.1${p}/x`,
    `http://192.168.1.1${p}/x`,
    `http://169.254.169.254${p}/latest/meta-data/`, // cloud metadata
    `http://100.100.100.200${p}/x`, // Alibaba metadata (carrier-grade NAT range)
    `http://255.255.255.255${p}/x`,
    `http://224.0.0.1${p}/x`,
    `http://localhost${p}/x`,
    `http://localhost.${p}/x`,
    `http://LOCALHOST${p}/x`,
    `http://api.localhost${p}/x`,
    `http://[::1]${p}/x`,
    `http://[::]${p}/x`,
    `http://[::127.0.0.1]${p}/x`, // IPv4-compatible
    `http://[::ffff:127.0.0.1]${p}/x`, // IPv4-mapped
    `http://[::ffff:7f00:1]${p}/x`,
    `http://[::ffff:0:7f00:1]${p}/x`, // SIIT (RFC 6145)
    `http://[64:ff9b::7f00:1]${p}/x`, // NAT64 (RFC 6052)
    `http://[64:ff9b::a9fe:a9fe]${p}/x`, // NAT64 → metadata
    `http://[64:ff9b:1::a00:1]${p}/x`, // NAT64 local use (RFC 8215)
    `http://[2002:7f00:1::]${p}/x`, // 6to4 of 127.0.0.1
    `http://[2002:a9fe:a9fe::1]${p}/x`, // 6to4 of 169.254.169.254
    `http://[2001:0:4136:e378:8000:63bf:80ff:fffe]${p}/x`, // Teredo, client 127.0.0.1
    `http://[fe80::1]${p}/x`,
    `http://[fd00:ec2::254]${p}/x`, // AWS metadata over IPv6
    `http://[fc00::1]${p}/x`,
    `http://[ff02::1]${p}/x`,
  ];
}
