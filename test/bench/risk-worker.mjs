// Worker thread for the risk figures: the implementation is TypeScript (workspace sources), so this
// thread registers the tsx loader itself; module hooks are per thread and not inherited.
import { register } from 'tsx/esm/api';

register();
await import('./risk-worker-tasks.ts');
