import { describe, expect, it } from 'vitest';
import { imageNodeFlags } from '../../bench/servers.js';

describe("the bench runs the webhook with the image's node flags", () => {
  it('reads the flags between node and the script of an exec-form ENTRYPOINT', () => {
    const dockerfile = (entrypoint: string): string =>
      `FROM node:24\nUSER 1000:1000\nENTRYPOINT ${entrypoint}\n`;
    expect(imageNodeFlags(dockerfile('["node", "/app/cli.js", "serve"]'))).toEqual([]);
    expect(imageNodeFlags(dockerfile('["node", "--single-threaded-gc", "/app/cli.js", "serve"]'))).toEqual([
      '--single-threaded-gc',
    ]);
    expect(imageNodeFlags(dockerfile('["node", "--a", "--b=1", "/app/cli.js", "--c"]'))).toEqual([
      '--a',
      '--b=1',
    ]);
  });

  it('finds none without an ENTRYPOINT', () => {
    expect(imageNodeFlags('FROM node:24\nCMD ["node", "--x", "a.js"]\n')).toEqual([]);
  });
});
