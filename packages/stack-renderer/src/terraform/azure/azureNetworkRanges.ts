/**
 * Pod (overlay) and service ranges of AKS. Both must stay outside the VNet; the defaults are
 * moved aside when the stack's own /16 happens to sit in them.
 */
export function azureNetworkRanges(vnetCidr: string): {
  podCidr: string;
  serviceCidr: string;
} {
  const [first, second] = vnetCidr.split('.').map(Number);
  const podCidr =
    first === 192 && second === 168 ? '100.64.0.0/16' : '192.168.0.0/16';
  const serviceCidr =
    first === 172 && second === 16 ? '172.17.0.0/16' : '172.16.0.0/16';
  return { podCidr, serviceCidr };
}
