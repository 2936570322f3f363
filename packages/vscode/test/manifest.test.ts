import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));
const manifest = read('package.json') as {
  contributes: {
    commands: { command: string; title: string; category: string; enablement?: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
  };
};
const nls = read('package.nls.json') as Record<string, string>;

/** Every `%key%` placeholder anywhere in the manifest's contributions. */
function placeholders(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m?.[1]) found.push(m[1]);
  } else if (Array.isArray(value)) for (const v of value) placeholders(v, found);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) placeholders(v, found);
  return found;
}

const english = (placeholder: string): string => nls[placeholder.replace(/^%|%$/g, '')] ?? '';

describe('the manifest is localisable', () => {
  it('every %key% of contributes has English text in package.nls.json, and no key is unused', () => {
    const used = new Set(placeholders(manifest.contributes));
    expect([...used].filter((k) => !(k in nls))).toEqual([]);
    expect(Object.keys(nls).filter((k) => !used.has(k))).toEqual([]);
  });

  it('no user-facing text is left in the manifest itself', () => {
    for (const c of manifest.contributes.commands) {
      expect(c.title, c.command).toMatch(/^%.+%$/);
      expect(c.category, c.command).toBe('%command.category%');
    }
  });

  it('titles are Title Case in one category, and the titles the e2e runs are unchanged', () => {
    expect(nls['command.category']).toBe('Celonis SCIM');
    for (const c of manifest.contributes.commands) {
      const title = english(c.title);
      const small = new Set(['a', 'an', 'the', 'as', 'to', 'from', 'of', 'in', 'on']);
      for (const word of title
        .replace(/\.\.\.$/, '')
        .split(' ')
        .slice(1))
        if (!small.has(word)) expect(word[0], `${c.command}: ${title}`).toMatch(/[A-Z]/);
    }
    const titles = manifest.contributes.commands.map((c) => english(c.title));
    for (const t of ['Connect Team...', 'Sync Team from File...', 'Go to User...', 'Team Overview'])
      expect(titles).toContain(t);
  });

  it('commands that need a team are disabled and hidden from the palette without one', () => {
    const free = new Set(['celonisScim.connect', 'celonisScim.showLog', 'celonisScim.trySandbox']);
    const palette = new Map(
      manifest.contributes.menus.commandPalette.map((m) => [m.command, m.when]),
    );
    for (const c of manifest.contributes.commands) {
      if (free.has(c.command)) {
        expect(c.enablement, c.command).toBeUndefined();
        continue;
      }
      expect(c.enablement, c.command).toBe('celonisScim.hasTeams');
      expect(['celonisScim.hasTeams', 'false'], c.command).toContain(palette.get(c.command));
    }
  });
});

describe('the first-use walkthrough', () => {
  const walkthroughs = (
    manifest.contributes as unknown as {
      walkthroughs: { steps: { id: string; media: { markdown: string } }[] }[];
    }
  ).walkthroughs;

  it('walks from the sandbox to the overview, each step with its markdown shipped', () => {
    const steps = walkthroughs[0]?.steps ?? [];
    expect(steps.map((s) => s.id)).toEqual(['sandbox', 'connect', 'browse', 'sync', 'overview']);
    for (const s of steps)
      expect(readFileSync(join(root, s.media.markdown), 'utf8')).toMatch(/^# /);
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
    expect(ignore).toContain('!media/walkthrough/**');
  });

  it('offers the sandbox under its scoped npm name', () => {
    expect(readFileSync(join(root, 'media/walkthrough/sandbox.md'), 'utf8')).toContain(
      'npx @celonis-scim/sandbox',
    );
  });
});

describe('the l10n stand-in formats like VS Code', () => {
  it('fills positional and named placeholders and leaves unknown ones', async () => {
    const { l10n } = await import('./vscode-stub.js');
    expect(l10n.t('Created user {0} in {1}.', 'ada', 'acme')).toBe('Created user ada in acme.');
    expect(l10n.t('Added {count} to {group}.', { count: 3, group: 'Sales' })).toBe(
      'Added 3 to Sales.',
    );
    expect(l10n.t({ message: 'Step {0} of {1}', args: [2, 6] })).toBe('Step 2 of 6');
    expect(l10n.t('Keep {0} and {missing}', 'x')).toBe('Keep x and {missing}');
  });
});

describe('the l10n bundle', () => {
  it('package.json points at l10n/, and l10n/bundle.l10n.json holds every vscode.l10n.t string of src/', () => {
    expect((manifest as unknown as { l10n: string }).l10n).toBe('./l10n');
    const out = mkdtempSync(join(tmpdir(), 'l10n-'));
    try {
      execFileSync(
        process.execPath,
        [require.resolve('@vscode/l10n-dev/dist/cli.js'), 'export', '--outDir', out, 'src'],
        { cwd: root, stdio: 'pipe' },
      );
      const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as object;
      // Stale when it differs: `npm run l10n` regenerates it.
      expect(read('l10n/bundle.l10n.json')).toEqual(fresh);
      expect(Object.keys(fresh)).toContain('Connect a team first.');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
