import base from '/work/main/playwright.config';
export default { ...base, globalSetup: undefined, projects: [{ ...base.projects![0], name: 'dbg', testDir: '/work/main/e2e/dbg-uinav' }] };
