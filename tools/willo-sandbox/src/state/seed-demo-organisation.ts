import type { SandboxQuestion, SandboxState } from './sandbox-state';

const question = (prompt: string, type: SandboxQuestion['type'] = 'video'): SandboxQuestion => ({
  prompt,
  type,
  max_duration: 120,
  max_retakes: 2,
  thinking_time: 30,
});

/** The demo organisation: two interviews, as a freshly set-up Willo account might have. */
export function seedDemoOrganisation(state: SandboxState) {
  const demo = state.addOrganisation('Demo Organisation');
  const interviews = [
    state.addInterview(demo.organisationId, {
      title: 'Customer Support Associate',
      department: 'support',
      questions: [
        question('Tell us about yourself.'),
        question('Describe a time you calmed an upset customer.'),
        question('Why do you want to join us?', 'text'),
      ],
    }),
    state.addInterview(demo.organisationId, {
      title: 'Senior Backend Engineer',
      department: 'engineering',
      questions: [
        question('Walk us through a system you designed.'),
        question('How do you make a retried call safe?'),
        question('What would you change in your last codebase?', 'audio'),
        question('Any questions for us?', 'text'),
      ],
    }),
  ];
  return { ...demo, interviewKeys: interviews.map((i) => i.key) };
}
