"""The derived copy `tofu validate` checks when only the AWS provider is missing (generator/validate/tofu_partial.py):
AWS blocks out, references to them as typed variables, every other byte and every line number kept."""

from __future__ import annotations

from generator.validate.tofu_partial import STANDINS, derive

VERSIONS = '''terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    hcp = {
      source  = "hashicorp/hcp"
      version = "~> 0.114"
    }
  }
}

provider "aws" {
  region = var.region
}
'''

MAIN = '''# aws_db_instance.main.address in a comment stays
data "aws_vpc" "app" {
  id = var.vpc_id
}

resource "aws_route" "r" {
  count                  = 2
  route_table_id         = var.tables[count.index]
  destination_cidr_block = hcp_hvn.x.cidr_block
  note                   = "aws_route.other.id ${hcp_hvn.x.hvn_id}"
}

resource "hcp_hvn_route" "x" {
  destination_cidr = data.aws_vpc.app.cidr_block
  target_link      = aws_route.r[0].id
  description      = <<-EOT
    to ${data.aws_vpc.app.id} (not aws_route.r.id)
  EOT

  depends_on = [aws_route.r, hcp_hvn.x]
}

resource "hcp_hvn" "x" { cidr_block = "aws_route.r" }
'''


def _derived():
    return derive({"versions.tf": VERSIONS, "main.tf": MAIN})


def test_every_file_keeps_its_line_count_and_the_aws_blocks_are_gone():
    d = _derived()
    for name, text in (("versions.tf", VERSIONS), ("main.tf", MAIN)):
        assert d.files[name].count("\n") == text.count("\n"), name
    assert 'provider "aws"' not in d.files["versions.tf"] and "hashicorp/aws" not in d.files["versions.tf"]
    assert 'source  = "hashicorp/hcp"' in d.files["versions.tf"]
    assert 'data "aws_vpc"' not in d.files["main.tf"] and 'resource "aws_route"' not in d.files["main.tf"]
    assert sorted(r.address for r in d.removed) == ["aws_route.r", "data.aws_vpc.app"]


def test_references_to_removed_objects_become_typed_variables_on_the_same_line():
    d = _derived()
    lines = d.files["main.tf"].splitlines()
    assert lines[13] == "  destination_cidr = var.c2p__data__aws_vpc__app.cidr_block"
    assert lines[14] == "  target_link      = var.c2p__resource__aws_route__r[0].id"
    assert lines[16] == "    to ${var.c2p__data__aws_vpc__app.id} (not aws_route.r.id)"  # literal text untouched
    assert lines[19] == "  depends_on = [hcp_hvn.x]"
    assert lines[0] == MAIN.splitlines()[0] and lines[22] == MAIN.splitlines()[22]  # comment and string stay
    standins = d.files[STANDINS]
    assert 'variable "c2p__resource__aws_route__r"' in standins and "type = list(" in standins  # count → list
    assert 'variable "c2p__data__aws_vpc__app"' in standins
    assert d.standins == ["aws_route.r", "data.aws_vpc.app"]


def test_references_made_by_a_removed_block_are_still_resolved_on_their_lines():
    d = _derived()
    lines = d.files["main.tf"].splitlines()
    assert lines[5] == "locals {"
    assert lines[7] == "  c2p_refs_main_6_8 = [var.tables]"  # count.index is no reference
    assert lines[8] == "  c2p_refs_main_6_9 = [hcp_hvn.x.cidr_block]"
    assert lines[9] == "  c2p_refs_main_6_10 = [hcp_hvn.x.hvn_id]"  # inside ${}, not the literal before it
    assert lines[10] == "}"
    assert d.files["versions.tf"].splitlines()[15:17] == ["locals {", "  c2p_refs_versions_16_17 = [var.region]"]


def test_scoped_aws_data_in_a_check_and_addressing_blocks_are_left_out():
    main = '''check "app" {
  data "aws_vpc" "probe" {
    id = var.vpc_id
  }

  assert {
    condition     = data.aws_vpc.probe.state == "available"
    error_message = "no VPC"
  }
}

moved {
  from = aws_route.old
  to   = aws_route.new
}
'''
    d = derive({"main.tf": main})
    lines = d.files["main.tf"].splitlines()
    assert lines[0] == 'check "app" {' and [line.strip() for line in lines[1:4]] == ["", "", ""]
    assert lines[6] == '    condition     = var.c2p__data__aws_vpc__probe.state == "available"'
    assert lines[11:15] == ["", "", "", ""]
    assert d.files["main.tf"].count("\n") == main.count("\n")
