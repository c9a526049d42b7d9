// The live console of a running build, from the gate's server-sent event stream of its job-output.txt.
import { useEffect, useRef, useState } from 'react';
import type { PageContext } from './api.js';
import { resultClass } from './format.js';

export function ConsolePage({ ctx, uuid }: { ctx: PageContext; uuid: string }) {
  const [lines, setLines] = useState<string[]>([]);
  const [result, setResult] = useState<string | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const source = new EventSource(
      `${ctx.base}/api/tenant/${encodeURIComponent(ctx.tenant)}/console-stream/${encodeURIComponent(uuid)}`,
    );
    source.onmessage = (e: MessageEvent<string>) => {
      setLines((prev) => [...prev, e.data]);
      // Follow the output once React has drawn the new line.
      requestAnimationFrame(() => bottom.current?.scrollIntoView({ block: 'end' }));
    };
    source.addEventListener('end', (e) => {
      setResult((e as MessageEvent<string>).data);
      source.close();
    });
    return () => source.close();
  }, [ctx, uuid]);
  return (
    <main className="console">
      <h1>
        Console of build {uuid} {result && <span className={`result result-${resultClass(result)}`}>{result}</span>}
      </h1>
      <pre className="console-output">{lines.join('\n')}</pre>
      <div ref={bottom} />
    </main>
  );
}
