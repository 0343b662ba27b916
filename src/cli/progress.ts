/** A progress bar on the terminal (stderr); plain lines every 10 % when output is not a terminal. */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastTenth = -1;
  let drawn = false;
  return {
    update: (done: number, total: number) => {
      const ratio = total ? done / total : 1;
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
        process.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${(ratio * 100).toFixed(0)}% ${rate.toFixed(0)}/s`,
        );
        drawn = true;
      } else {
        const tenth = Math.floor(ratio * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`${label}: ${done}/${total} (${tenth * 10}%)\n`);
        }
      }
    },
    done: () => {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}
