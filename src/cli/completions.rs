//! `tprov completions SHELL` and `tprov man`: generated from the command-line definition, so
//! they never fall behind it.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{CliError, ColorWhen, output};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  source <(tprov completions bash)                      # this bash session
  tprov completions bash > ~/.local/share/bash-completion/completions/tprov
  tprov completions zsh > \"${fpath[1]}/_tprov\"
  tprov completions fish > ~/.config/fish/completions/tprov.fish")]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov man | man -l -
  tprov man sign | man -l -
  tprov man > /usr/local/share/man/man1/tprov.1")]
pub struct ManArgs {
    /// Print the page of this command (tprov-sign(1), ...) instead of tprov(1).
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Writes the completion script for `args.shell` to stdout.
pub fn run(args: Args, _color: ColorWhen) -> Result<ExitCode, CliError> {
    let mut command = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tprov", &mut script);
    output::stdout(&script, ColorWhen::Never)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a manual page (roff) to stdout.
pub fn run_man(args: ManArgs, _color: ColorWhen) -> Result<ExitCode, CliError> {
    let mut command = super::Cli::command();
    // Building names the subcommands `tprov-sign` (title) and `tprov sign` (synopsis).
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            CliError::Usage(format!(
                "no command {:?}; the commands are {}",
                tprov::render::printable(name),
                names.join(", ")
            ))
        })?,
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|source| CliError::Stdout { source })?;
    output::stdout(&roff, ColorWhen::Never)?;
    Ok(ExitCode::SUCCESS)
}
