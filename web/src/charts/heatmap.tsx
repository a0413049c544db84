/**
 * The confusion matrix, each row normalised (the share of a true class predicted as each
 * class), as SVG cells sized to fit: rows named on the left, columns numbered above, each
 * cell's numbers in its tooltip. Empty cells are not drawn, so 77 classes stay light.
 */
export function ConfusionMatrix({ labels, counts, width = 720 }: { labels: string[]; counts: number[][]; width?: number }) {
  const K = labels.length;
  const labelW = Math.min(180, 8 + 7 * Math.max(...labels.map((l) => l.length)));
  // At most 36 px a cell: a few classes make a compact matrix, not a wall of colour.
  const cell = Math.min(36, Math.max(4, Math.floor((width - labelW) / Math.max(1, K))));
  const top = 22;
  const cells: preact.JSX.Element[] = [];
  for (let i = 0; i < K; i++) {
    const row = counts[i] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    for (let j = 0; j < K; j++) {
      const n = row[j] ?? 0;
      if (n === 0 || total === 0) continue;
      const share = n / total;
      cells.push(
        <rect class="cell" key={`${i}-${j}`} x={labelW + j * cell} y={top + i * cell} width={cell} height={cell}
          fill={i === j ? '#175e3a' : '#b3261e'} fill-opacity={0.12 + 0.88 * share}>
          <title>{`true ${labels[i]} → predicted ${labels[j]}: ${(share * 100).toFixed(1)}% (${n} of ${total})`}</title>
        </rect>,
      );
    }
  }
  const step = Math.ceil(12 / cell);
  const h = top + K * cell + 4;
  return (
    <svg class="confusion" viewBox={`0 0 ${labelW + K * cell + 4} ${h}`} width="100%" style={{ maxWidth: `${labelW + K * cell + 4}px` }}
      role="img" aria-label={`Confusion matrix of ${K} classes, rows normalised: green is the share predicted right, red the share taken for another class.`}
      data-cells={cells.length}>
      <rect x={labelW} y={top} width={K * cell} height={K * cell} fill="none" stroke="#767676" />
      {labels.map((l, i) => (
        <text key={`r${i}`} x={labelW - 4} y={top + i * cell + cell * 0.8} text-anchor="end" font-size={Math.min(12, Math.max(6, cell - 1))}>
          {cell >= 6 || i % step === 0 ? `${i + 1} ${l}` : ''}
        </text>
      ))}
      {labels.map((_, j) => (j % step === 0 ? (
        <text key={`c${j}`} x={labelW + j * cell + cell / 2} y={top - 6} text-anchor="middle" font-size={Math.min(11, Math.max(7, cell))}>{j + 1}</text>
      ) : null))}
      {cells}
    </svg>
  );
}
