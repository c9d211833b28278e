/**
 * The address plan of the AWS network module, shared with the manifests that must know it: the
 * public subnets are /22s (6 more bits than the /16) numbered from 24, one per zone, and hold the
 * load balancers.
 */
export const AWS_PUBLIC_SUBNET_BITS = 6;
export const AWS_PUBLIC_SUBNET_FIRST = 24;
export const AWS_ZONES = 3;

/** `cidrsubnet(vpc_cidr, 6, 24 + index)` for each zone, as Terraform computes it. */
export function awsPublicSubnetCidrs(vpcCidr: string): string[] {
  const [address, bits] = vpcCidr.split('/');
  const prefix = Number(bits) + AWS_PUBLIC_SUBNET_BITS;
  const base = address
    .split('.')
    .reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  return Array.from({ length: AWS_ZONES }, (_, index) => {
    const start = base + (AWS_PUBLIC_SUBNET_FIRST + index) * size;
    const octets = [24, 16, 8, 0].map(
      shift => Math.floor(start / 2 ** shift) % 256,
    );
    return `${octets.join('.')}/${prefix}`;
  });
}
