import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { EntityHealthPart } from '@skyforge/plugin-skyforge-common';
import { HealthStatusIcon } from './HealthStatusIcon';

function why(part: EntityHealthPart): string {
  if (part.reasons.length === 0) return '–';
  const more = part.reasons.length - 1;
  return `${part.reasons[0]}${more > 0 ? ` (and ${more} more)` : ''}`;
}

/** The parts of a System, Domain or Group that have health, worst first. */
export function HealthPartsTable(props: { parts: EntityHealthPart[] }) {
  return (
    <Table size="small" aria-label="Parts">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Health of</TableCell>
          <TableCell>Why</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.parts.map(part => (
          <TableRow key={part.entityRef}>
            <TableCell>
              <EntityRefLink entityRef={part.entityRef} title={part.title} />
            </TableCell>
            <TableCell>
              <HealthStatusIcon status={part.status} />
            </TableCell>
            <TableCell>
              {part.view === 'cluster' ? 'its cluster' : 'its workloads'}
            </TableCell>
            <TableCell>{why(part)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
