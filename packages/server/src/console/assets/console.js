// Anchorage console: small progressive enhancements. Every page works without this script.

// Policy editors: say at once whether the JSON parses (the server still validates the policy).
for (const area of document.querySelectorAll('textarea[data-json]')) {
  const status = document.getElementById(area.dataset.json);
  if (status === null) continue;
  const check = () => {
    if (area.value.trim() === '') {
      status.textContent = '';
      status.className = 'json-status';
      return;
    }
    try {
      JSON.parse(area.value);
      status.textContent = 'JSON is well-formed.';
      status.className = 'json-status ok';
    } catch (error) {
      status.textContent = `Not valid JSON yet: ${error.message}`;
      status.className = 'json-status bad';
    }
  };
  area.addEventListener('input', check);
  check();
}

// Trust-policy editor: choosing a trust anchor rewrites the Roles Anywhere template shown.
for (const select of document.querySelectorAll('select[data-trust-template]')) {
  const area = document.getElementById(select.dataset.trustTemplate);
  if (area === null) continue;
  select.addEventListener('change', () => {
    if (select.value === '') return;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: { ArnEquals: { 'aws:SourceArn': select.value } },
        },
      ],
    };
    area.value = JSON.stringify(policy, null, 2);
    area.dispatchEvent(new Event('input'));
    const template = document.getElementById(select.dataset.templateRadio ?? '');
    if (template !== null) template.checked = true;
  });
  // Typing in the policy makes it a custom one (synthetic events above are not trusted).
  const custom = document.getElementById(select.dataset.customRadio ?? '');
  area.addEventListener('input', (event) => {
    if (event.isTrusted && custom !== null) custom.checked = true;
  });
}
