import { OWNER, startDemo } from './demo-env.mts';

const demo = await startDemo(Number(process.env.N8N_PORT) || undefined);
console.log(`
n8n editor:      ${demo.url}
login:           ${OWNER.email} / ${OWNER.password}
sandbox:         ${demo.sandbox.url} (team "demo", 50 users, 5 groups)
credential:      "Celonis SCIM (sandbox)" (OAuth 2.0 client credentials)
sample workflow: ${demo.url}/workflow/onboarding
Ctrl-C stops n8n and the sandbox.`);
const stop = async () => {
  await demo.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
