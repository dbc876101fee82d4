import { Alert } from 'antd';

/** The problems of the last save (the server's diagnostics), one error alert; nothing when there are none. */
export function ProblemsAlert({
  problems,
  testId,
  gap = 8,
}: {
  problems: string[];
  testId: string;
  gap?: number;
}) {
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={problems.join('; ')}
      style={{ marginBottom: gap }}
      data-testid={testId}
    />
  );
}
