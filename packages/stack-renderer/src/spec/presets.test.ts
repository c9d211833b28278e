import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS, SIZES } from './presets';
import { CLOUDS } from './regions';

/** The README's preset table, generated from PRESETS so the documentation cannot drift. */
function presetTable(): string {
  const rows = [
    '| cloud | size | system pool | application pool (min–max) | GPU pool (0–max) | PostgreSQL | Redis |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const cloud of CLOUDS) {
    for (const size of SIZES) {
      const { system, application, gpu, database, cache } =
        PRESETS[cloud][size];
      const accelerator = gpu.acceleratorType
        ? ` + ${gpu.acceleratorCount}× ${gpu.acceleratorType}`
        : '';
      // EKS Auto Mode (AWS) has no system pool and no application minimum.
      const systemCell = system
        ? `${system.machineTypes[0]} × ${system.minNodes}–${system.maxNodes}`
        : 'none (EKS Auto Mode)';
      rows.push(
        `| ${cloud} | ${size} | ${systemCell} | ${application.machineTypes.join(
          ', ',
        )} (${application.minNodes}–${application.maxNodes}) | ${
          gpu.machineTypes[0]
        }${accelerator} (0–${gpu.maxNodes}) | ${database.tier}, ${
          database.storageGb
        } GB | ${cache.tier}, ${cache.memoryGb} GB |`,
      );
    }
  }
  return rows.join('\n');
}

describe('PRESETS', () => {
  it('is documented in the package README exactly', () => {
    // Compare cell by cell: prettier pads Markdown tables.
    const cells = (line: string) =>
      line
        .split('|')
        .map(cell => cell.trim())
        .join('|');
    const isSeparator = (line: string) => /^\|[\s|:-]+\|$/.test(line);
    const readmeRows = readFileSync(join(__dirname, '../../README.md'), 'utf8')
      .split('\n')
      .filter(line => line.startsWith('|') && !isSeparator(line))
      .map(cells)
      .join('\n');
    const tableRows = presetTable()
      .split('\n')
      .filter(line => !isSeparator(line))
      .map(cells)
      .join('\n');
    expect(readmeRows).toContain(tableRows);
  });

  it('grows with the size on every cloud and keeps GPU pools able to scale to zero', () => {
    for (const cloud of CLOUDS) {
      const [small, medium, large] = SIZES.map(size => PRESETS[cloud][size]);
      expect(small.application.maxNodes).toBeLessThan(
        medium.application.maxNodes,
      );
      expect(medium.application.maxNodes).toBeLessThan(
        large.application.maxNodes,
      );
      expect(small.database.storageGb).toBeLessThan(large.database.storageGb);
      for (const preset of [small, medium, large]) {
        expect(preset.gpu.minNodes).toBe(0);
        expect(preset.application.minNodes).toBeLessThanOrEqual(
          preset.application.maxNodes,
        );
        // Every cloud but AWS (EKS Auto Mode) runs a system pool of at least one node.
        expect(preset.system?.minNodes ?? 1).toBeGreaterThanOrEqual(1);
        expect(preset.system === undefined).toBe(cloud === 'aws');
      }
    }
  });
});
