/* 全称 under the meeting's name field, kept up to date as the clerk types: the team's name, then the
 * name typed without a leading team name (the server takes it off on save: meetings.models.meeting
 * .without_team_name), or the default name of the year and kind. The server renders the same line. */
const input = document.querySelector("input[data-title-teams]");
const output = document.querySelector("[data-title-preview]");

if (input && output) {
  const teams = JSON.parse(input.dataset.titleTeams);
  const prefix = input.name.slice(0, -"name".length); // "meeting-" on the plan editor
  const field = (name) => input.form.elements[prefix + name];
  const SEPARATORS = /^[\s\u3000·、，,：:]+/;

  const withoutTeamName = (name, prefixes) => {
    let stripped = true;
    while (stripped) {
      stripped = false;
      for (const team of prefixes) {
        if (name.startsWith(team)) {
          name = name.slice(team.length).replace(SEPARATORS, "");
          stripped = true;
          break;
        }
      }
    }
    return name;
  };

  const update = () => {
    const chosen = field("organisation") ? field("organisation").value : input.dataset.titleOrganisation;
    const team = teams[chosen];
    if (!team) return;
    let name = withoutTeamName(input.value.trim(), team.prefixes);
    if (!name) {
      const year = field("year") ? field("year").value.trim() : "";
      name = field("kind") && field("kind").value === "annual" ? `${year}年度民主生活会` : `${year}年专题民主生活会`;
    }
    output.textContent = team.team + name;
  };

  input.form.addEventListener("input", update);
  input.form.addEventListener("change", update);
}
